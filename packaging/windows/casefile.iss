; Inno Setup 6 script: Casefile's Windows installer.
;
;     pyinstaller --noconfirm --clean --distpath dist --workpath build\pyinstaller packaging\casefile.spec
;     iscc /DAppVersion=0.1.0 packaging\windows\casefile.iss
;
; Installs the one-folder build (dist\casefile\) with a Start-menu entry,
; registers .casefile (its icon, "Open with Casefile", the Open-with list) and
; uninstalls all of it. Paths below are relative to this file.
;
; Per user by default: an attorney's laptop is often managed, without
; administrator rights, and a per-user install needs none. Someone who has
; them may choose "all users" on the first page (HKA then means HKLM).

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
; Never change the AppId: it is how an update finds the installed copy.
AppId={{5EBCE599-E475-477B-84DD-63F5ED6EE8A8}
AppName=Casefile
AppVersion={#AppVersion}
AppVerName=Casefile {#AppVersion}
AppPublisher=Casefile
DefaultDirName={autopf}\Casefile
DefaultGroupName=Casefile
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
; Tell Explorer the file associations changed, so icons refresh at once.
ChangesAssociations=yes
SetupIconFile=..\icons\casefile.ico
UninstallDisplayIcon={app}\casefile-gui.exe
UninstallDisplayName=Casefile
OutputDir=..\..\dist
OutputBaseFilename=casefile-{#AppVersion}-windows-x64-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Case files and backups live in the user's folders, not in {app}: an
; uninstall never touches them.

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\dist\casefile\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Casefile"; Filename: "{app}\casefile-gui.exe"; Comment: "A FOIA case in one file"
Name: "{autodesktop}\Casefile"; Filename: "{app}\casefile-gui.exe"; Tasks: desktopicon

[Registry]
; .casefile -> the Casefile.Case type; removed again on uninstall.
Root: HKA; Subkey: "Software\Classes\.casefile"; ValueType: string; ValueName: ""; ValueData: "Casefile.Case"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.casefile"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-casefile"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.casefile\OpenWithProgids"; ValueType: string; ValueName: "Casefile.Case"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\Casefile.Case"; ValueType: string; ValueName: ""; ValueData: "Casefile case"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Casefile.Case\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\casefile-gui.exe,0"
Root: HKA; Subkey: "Software\Classes\Casefile.Case\shell\open"; ValueType: string; ValueName: ""; ValueData: "Open with Casefile"
Root: HKA; Subkey: "Software\Classes\Casefile.Case\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\casefile-gui.exe"" ""%1"""
; The program in Explorer's "Open with" list, for .casefile files only.
Root: HKA; Subkey: "Software\Classes\Applications\casefile-gui.exe"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "Casefile"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\casefile-gui.exe\SupportedTypes"; ValueType: string; ValueName: ".casefile"; ValueData: ""

[Run]
Filename: "{app}\casefile-gui.exe"; Description: "{cm:LaunchProgram,Casefile}"; Flags: nowait postinstall skipifsilent
