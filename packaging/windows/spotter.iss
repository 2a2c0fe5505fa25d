; Inno Setup script: a per-machine Spotter install from the PyInstaller one-folder bundle.
; Build on Windows after `uv run python packaging/build.py`:
;   iscc /DVersion=0.1.0 packaging\windows\spotter.iss
; Silent install (run as administrator):
;   SpotterSetup-0.1.0.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /CONFIG="\\server\share\spotter.toml"
; /CONFIG copies a deployment file to C:\ProgramData\Spotter\Spotter\spotter.toml.

#ifndef Version
  #define Version "0.1.0"
#endif

[Setup]
AppId={{6C5B0D7E-2F1A-4C8B-9E0D-5A7F3B1C9D42}
AppName=Spotter
AppVersion={#Version}
AppPublisher=Spotter
DefaultDirName={autopf}\Spotter
DefaultGroupName=Spotter
PrivilegesRequired=admin
ArchitecturesInstallIn64BitMode=x64compatible
OutputBaseFilename=SpotterSetup-{#Version}
Compression=lzma2
SolidCompression=yes
DisableProgramGroupPage=yes
UninstallDisplayIcon={app}\spotter.exe
; Close a running Spotter (Restart Manager) so its files can be replaced.
CloseApplications=yes

[InstallDelete]
; An upgrade replaces the whole bundle: no modules of the previous version left mixed in.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\..\dist\spotter-{#Version}\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion
Source: "..\spotter.example.toml"; DestDir: "{commonappdata}\Spotter\Spotter"; Flags: ignoreversion

[Dirs]
Name: "{commonappdata}\Spotter\Spotter"

[Icons]
Name: "{commonprograms}\Spotter"; Filename: "{app}\spotter.exe"

[Code]
function ConfigSource(): String;
begin
  Result := ExpandConstant('{param:CONFIG|}');
end;

{ A /CONFIG file that cannot be found stops the install before anything changes, so a silent
  roll-out never ends up with no settings locked. Setup then exits with a non-zero code. }
function InitializeSetup(): Boolean;
begin
  Result := True;
  if (ConfigSource() <> '') and not FileExists(ConfigSource()) then
  begin
    Log('Deployment file not found: ' + ConfigSource());
    SuppressibleMsgBox('The deployment file ' + ConfigSource() + ' was not found.',
      mbCriticalError, MB_OK, IDOK);
    Result := False;
  end;
end;

procedure CurStepChanged(CurStep: TSetupStep);
var
  Target: String;
begin
  if (CurStep = ssPostInstall) and (ConfigSource() <> '') then
  begin
    Target := ExpandConstant('{commonappdata}\Spotter\Spotter\spotter.toml');
    if not FileCopy(ConfigSource(), Target, False) then
      Log('Could not copy the deployment file from ' + ConfigSource());
  end;
end;
