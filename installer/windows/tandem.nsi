; Windows installer for Tandem: a per-user installation (no administrator rights) of the PyInstaller
; bundle, with a Start menu entry, an uninstaller, the tel:/sip:/sips:/callto: link handlers under
; HKCU\Software\Classes, and upgrades over an older version found in HKCU.
;
;   makensis -WX -DVERSION=0.1.0 -DBUNDLE=dist\tandem -DSRCROOT=. -DOUTFILE=Tandem-0.1.0-setup.exe installer\windows\tandem.nsi
;
; BUNDLE holds tandem.exe (the window), tandem-cli.exe (the subcommands, with a console) and
; _internal\ (installer/tandem.spec). CI compiles this script on Linux against a stand-in payload
; (tests/integration/installer); installer/windows/build-windows.yml builds the real one.

Unicode true
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "VERSION is not defined: pass -DVERSION=x.y.z"
!endif
!ifndef BUNDLE
  !error "BUNDLE is not defined: pass -DBUNDLE=<folder of the PyInstaller bundle>"
!endif
!ifndef SRCROOT
  !define SRCROOT "..\.."
!endif
!ifndef OUTFILE
  !define OUTFILE "Tandem-${VERSION}-setup.exe"
!endif

!define APP "Tandem"
!define PUBLISHER "Tandem developers"
!define EXE "tandem.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP}"
!define APP_KEY "Software\${APP}"
!define CAPABILITIES_KEY "${APP_KEY}\Capabilities"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "WordFunc.nsh"
!include "FileFunc.nsh"

Name "${APP} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP}"
BrandingText "${APP} ${VERSION}"
VIAddVersionKey "ProductName" "${APP}"
VIAddVersionKey "FileDescription" "${APP} installer"
VIAddVersionKey "CompanyName" "${PUBLISHER}"
VIAddVersionKey "LegalCopyright" "${PUBLISHER}"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIProductVersion "${VERSION}.0"

!define MUI_ICON "${SRCROOT}\resources\icons\tandem.ico"
!define MUI_UNICON "${SRCROOT}\resources\icons\tandem.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Start ${APP}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "German"

Var OldVersion
Var OldDir

; A link scheme (tel, sip, ...) opened by Tandem: the per-user class, and the capability that lists
; Tandem in Windows' "Default apps" for that scheme.
!macro RegisterScheme SCHEME DESCRIPTION
  WriteRegStr HKCU "Software\Classes\${SCHEME}" "" "URL:${DESCRIPTION}"
  WriteRegStr HKCU "Software\Classes\${SCHEME}" "URL Protocol" ""
  WriteRegStr HKCU "Software\Classes\${SCHEME}\DefaultIcon" "" "$INSTDIR\${EXE},0"
  WriteRegStr HKCU "Software\Classes\${SCHEME}\shell\open\command" "" '"$INSTDIR\${EXE}" dial "%1"'
  WriteRegStr HKCU "${CAPABILITIES_KEY}\URLAssociations" "${SCHEME}" "${APP}.Link"
!macroend

; Removes a scheme's class only while it still starts this installation: another program may have
; taken the scheme over since, and its registration stays.
!macro UnregisterScheme SCHEME
  ReadRegStr $0 HKCU "Software\Classes\${SCHEME}\shell\open\command" ""
  ${If} $0 == '"$INSTDIR\${EXE}" dial "%1"'
    DeleteRegKey HKCU "Software\Classes\${SCHEME}"
  ${EndIf}
!macroend

Function .onInit
  ; An earlier installation of this user: upgrade it in its own folder.
  ReadRegStr $OldVersion HKCU "${UNINSTALL_KEY}" "DisplayVersion"
  ReadRegStr $OldDir HKCU "${UNINSTALL_KEY}" "InstallLocation"
  ${If} $OldDir != ""
  ${AndIf} ${FileExists} "$OldDir\uninstall.exe"
    StrCpy $INSTDIR $OldDir
    ${VersionCompare} "$OldVersion" "${VERSION}" $0
    ${If} $0 == 1
      ; silent installs (/S) never downgrade
      MessageBox MB_YESNO|MB_ICONEXCLAMATION "${APP} $OldVersion, newer than this ${VERSION}, is installed in $OldDir.$\r$\nReplace it with the older version?" /SD IDNO IDYES downgrade
      Abort
      downgrade:
    ${EndIf}
  ${EndIf}
FunctionEnd

Function RemovePrevious
  ${If} $OldDir == ""
    Return
  ${EndIf}
  ${IfNot} ${FileExists} "$OldDir\uninstall.exe"
    Return
  ${EndIf}
  DetailPrint "Removing ${APP} $OldVersion from $OldDir"
  ; _?= runs the old uninstaller in place and waits for it; /S keeps it silent.
  ExecWait '"$OldDir\uninstall.exe" /S _?=$OldDir' $0
  ${If} $0 != 0
    MessageBox MB_OK|MB_ICONSTOP "${APP} $OldVersion could not be removed (is it still running?). Close ${APP} and run this installer again." /SD IDOK
    Abort
  ${EndIf}
  Delete "$OldDir\uninstall.exe"
FunctionEnd

Section "${APP}" SecMain
  SectionIn RO
  Call RemovePrevious
  SetOutPath "$INSTDIR"
  File /r "${BUNDLE}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  SetShellVarContext current
  CreateShortcut "$SMPROGRAMS\${APP}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0 SW_SHOWNORMAL "" "Softphone and CTI client for OpenScape Business"

  !insertmacro RegisterScheme "tel" "Telephone"
  !insertmacro RegisterScheme "sip" "SIP"
  !insertmacro RegisterScheme "sips" "SIP over TLS"
  !insertmacro RegisterScheme "callto" "Callto"
  WriteRegStr HKCU "Software\Classes\${APP}.Link\shell\open\command" "" '"$INSTDIR\${EXE}" dial "%1"'
  WriteRegStr HKCU "${CAPABILITIES_KEY}" "ApplicationName" "${APP}"
  WriteRegStr HKCU "${CAPABILITIES_KEY}" "ApplicationDescription" "Softphone and CTI client for Unify OpenScape Business"
  WriteRegStr HKCU "Software\RegisteredApplications" "${APP}" "${CAPABILITIES_KEY}"

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${EXE},0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\${APP}.lnk"
  !insertmacro UnregisterScheme "tel"
  !insertmacro UnregisterScheme "sip"
  !insertmacro UnregisterScheme "sips"
  !insertmacro UnregisterScheme "callto"
  DeleteRegKey HKCU "Software\Classes\${APP}.Link"
  DeleteRegValue HKCU "Software\RegisteredApplications" "${APP}"
  DeleteRegKey HKCU "${APP_KEY}"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"

  ; Only what the installer put there: the folder may have been chosen by hand and hold other files.
  ; Settings, journal and logs live in the user's profile and stay.
  Delete "$INSTDIR\tandem.exe"
  Delete "$INSTDIR\tandem-cli.exe"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
SectionEnd
