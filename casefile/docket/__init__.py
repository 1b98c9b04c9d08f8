"""The court's docket: a PACER docket report read into the case, its entries
linked to the case's documents, and the dates its orders set proposed as
deadlines (counted under Rule 6(a) with the court's state holidays)."""

from casefile.docket.store import (
    DocketImport,
    EntryRow,
    ProposalRow,
    accept_proposal,
    docket_entries,
    docket_proposals,
    import_docket,
    link_documents,
    reject_proposal,
    reopen_proposal,
)

__all__ = ["DocketImport", "EntryRow", "ProposalRow", "accept_proposal", "docket_entries",
           "docket_proposals", "import_docket", "link_documents", "reject_proposal",
           "reopen_proposal"]
