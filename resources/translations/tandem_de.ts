<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>IncomingCall</name>
    <message>
        <location filename="../../ui/incoming_call.ui" line="7"/>
        <location filename="../../ui/incoming_call.ui" line="8"/>
        <source>Incoming call</source>
        <translation>Eingehender Anruf</translation>
    </message>
    <message>
        <location filename="../../ui/incoming_call.ui" line="10"/>
        <source>Caller name</source>
        <translation>Name des Anrufers</translation>
    </message>
    <message>
        <location filename="../../ui/incoming_call.ui" line="11"/>
        <source>Caller number</source>
        <translation>Nummer des Anrufers</translation>
    </message>
    <message>
        <location filename="../../ui/incoming_call.ui" line="12"/>
        <source>Earlier calls with this caller</source>
        <translation>Frühere Anrufe mit diesem Anrufer</translation>
    </message>
    <message>
        <location filename="../../ui/incoming_call.ui" line="13"/>
        <source>Ringing on</source>
        <translation>Es klingelt an</translation>
    </message>
    <message>
        <location filename="../../ui/incoming_call.ui" line="16"/>
        <source>Answer</source>
        <translation>Annehmen</translation>
    </message>
    <message>
        <location filename="../../ui/incoming_call.ui" line="16"/>
        <source>Answer the call</source>
        <translation>Anruf annehmen</translation>
    </message>
    <message>
        <location filename="../../ui/incoming_call.ui" line="17"/>
        <source>Reject</source>
        <translation>Abweisen</translation>
    </message>
    <message>
        <location filename="../../ui/incoming_call.ui" line="17"/>
        <source>Reject the call</source>
        <translation>Anruf abweisen</translation>
    </message>
</context>
<context>
    <name>JournalModel</name>
    <message>
        <location filename="../../app/gui/journal_model.py" line="48"/>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <location filename="../../app/gui/journal_model.py" line="49"/>
        <source>Number</source>
        <translation>Nummer</translation>
    </message>
    <message>
        <location filename="../../app/gui/journal_model.py" line="50"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/gui/journal_model.py" line="51"/>
        <source>Extension</source>
        <translation>Nebenstelle</translation>
    </message>
    <message>
        <location filename="../../app/gui/journal_model.py" line="52"/>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <location filename="../../app/gui/journal_model.py" line="53"/>
        <source>missed</source>
        <translation>verpasst</translation>
    </message>
    <message>
        <location filename="../../app/gui/journal_model.py" line="54"/>
        <source>incoming</source>
        <translation>eingehend</translation>
    </message>
    <message>
        <location filename="../../app/gui/journal_model.py" line="55"/>
        <source>outgoing</source>
        <translation>ausgehend</translation>
    </message>
    <message>
        <location filename="../../app/gui/journal_model.py" line="56"/>
        <source>internal</source>
        <translation>intern</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.ui" line="6"/>
        <source>Tandem</source>
        <translation>Tandem</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="7"/>
        <source>Tandem main window</source>
        <translation>Tandem-Hauptfenster</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="14"/>
        <source>Name, number or sip: address</source>
        <translation>Name, Nummer oder sip:-Adresse</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="16"/>
        <source>Search or dial</source>
        <translation>Suchen oder wählen</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="17"/>
        <source>Type a name or number; Enter calls the first suggestion</source>
        <translation>Name oder Nummer eingeben; Eingabe ruft den ersten Vorschlag an</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="22"/>
        <source>Call with</source>
        <translation>Anrufen mit</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="23"/>
        <source>Place calls on this computer or on your desk phone</source>
        <translation>Über diesen Computer oder das Tischtelefon telefonieren</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="28"/>
        <location filename="../../ui/main_window.ui" line="29"/>
        <source>Call</source>
        <translation>Anrufen</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="38"/>
        <source>Views</source>
        <translation>Ansichten</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="40"/>
        <location filename="../../ui/main_window.ui" line="51"/>
        <source>Colleagues</source>
        <translation>Kollegen</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="44"/>
        <location filename="../../ui/main_window.ui" line="46"/>
        <source>Filter colleagues</source>
        <translation>Kollegen filtern</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="63"/>
        <source>Journal</source>
        <translation>Journal</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="69"/>
        <source>Show calls</source>
        <translation>Anrufe anzeigen</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="74"/>
        <source>Search number or name</source>
        <translation>Nummer oder Name suchen</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="76"/>
        <source>Search the journal</source>
        <translation>Journal durchsuchen</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="81"/>
        <location filename="../../ui/main_window.ui" line="82"/>
        <source>Call back</source>
        <translation>Zurückrufen</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="87"/>
        <source>Export CSV…</source>
        <translation>CSV exportieren…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="88"/>
        <source>Export the journal as CSV</source>
        <translation>Journal als CSV exportieren</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="95"/>
        <source>Call journal</source>
        <translation>Anrufjournal</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="108"/>
        <source>Details of the selected call</source>
        <translation>Details des gewählten Anrufs</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="118"/>
        <source>Calls</source>
        <translation>Anrufe</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="123"/>
        <source>Active calls</source>
        <translation>Aktive Anrufe</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="130"/>
        <source>Answer</source>
        <translation>Annehmen</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="131"/>
        <source>Reject</source>
        <translation>Abweisen</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="132"/>
        <source>Hang up</source>
        <translation>Auflegen</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="133"/>
        <source>Hold</source>
        <translation>Halten</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="134"/>
        <source>Retrieve</source>
        <translation>Zurückholen</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="135"/>
        <source>Mute</source>
        <translation>Stumm</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="136"/>
        <source>Transfer…</source>
        <translation>Weiterleiten…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="136"/>
        <source>Blind transfer</source>
        <translation>Ohne Rückfrage weiterverbinden</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="137"/>
        <source>Consult…</source>
        <translation>Rückfrage…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="137"/>
        <source>Consult, then transfer</source>
        <translation>Rückfrage, dann weiterverbinden</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="138"/>
        <source>Complete transfer</source>
        <translation>Weiterverbinden</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="138"/>
        <source>Complete the attended transfer</source>
        <translation>Weiterverbinden mit Rückfrage abschließen</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="139"/>
        <source>Conference</source>
        <translation>Konferenz</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="140"/>
        <location filename="../../ui/main_window.ui" line="146"/>
        <source>Keypad</source>
        <translation>Tastenfeld</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="140"/>
        <source>Show the keypad</source>
        <translation>Tastenfeld anzeigen</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="141"/>
        <source>Audio device</source>
        <translation>Audiogerät</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="152"/>
        <location filename="../../app/gui/main_window.py" line="214"/>
        <source>My extension</source>
        <translation>Meine Rufnummer</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="154"/>
        <source>Do not disturb</source>
        <translation>Nicht stören</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="155"/>
        <source>Forward to</source>
        <translation>Umleiten an</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="155"/>
        <source>Forward calls</source>
        <translation>Anrufe umleiten</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="156"/>
        <source>number</source>
        <translation>Nummer</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="156"/>
        <source>Forward to number</source>
        <translation>Umleitungsziel</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="168"/>
        <source>&amp;Tandem</source>
        <translation>&amp;Tandem</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="174"/>
        <source>&amp;Call</source>
        <translation>&amp;Anruf</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="182"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="190"/>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="190"/>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="191"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="191"/>
        <source>Ctrl+Q</source>
        <translation>Ctrl+Q</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="192"/>
        <source>&amp;Answer</source>
        <translation>&amp;Annehmen</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="192"/>
        <source>Ctrl+Return</source>
        <translation>Ctrl+Return</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="193"/>
        <source>&amp;Hang up</source>
        <translation>Auf&amp;legen</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="193"/>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="194"/>
        <source>&amp;Mute</source>
        <translation>&amp;Stumm</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="194"/>
        <source>Ctrl+M</source>
        <translation>Ctrl+M</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="195"/>
        <source>&amp;Transfer…</source>
        <translation>&amp;Weiterleiten…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="195"/>
        <source>Ctrl+T</source>
        <translation>Ctrl+T</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="196"/>
        <source>&amp;Search or dial</source>
        <translation>&amp;Suchen oder wählen</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="196"/>
        <source>Ctrl+L</source>
        <translation>Ctrl+L</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="197"/>
        <source>&amp;About Tandem</source>
        <translation>Ü&amp;ber Tandem</translation>
    </message>
    <message>
        <location filename="../../app/gui/main_window.py" line="44"/>
        <source>All calls</source>
        <translation>Alle Anrufe</translation>
    </message>
    <message>
        <location filename="../../app/gui/main_window.py" line="45"/>
        <source>Missed</source>
        <translation>Verpasst</translation>
    </message>
    <message>
        <location filename="../../app/gui/main_window.py" line="46"/>
        <source>Incoming</source>
        <translation>Eingehend</translation>
    </message>
    <message>
        <location filename="../../app/gui/main_window.py" line="47"/>
        <source>Outgoing</source>
        <translation>Ausgehend</translation>
    </message>
    <message>
        <location filename="../../app/gui/main_window.py" line="48"/>
        <source>Internal</source>
        <translation>Intern</translation>
    </message>
    <message>
        <location filename="../../app/gui/main_window.py" line="128"/>
        <source>Softphone: off</source>
        <translation>Softphone: aus</translation>
    </message>
    <message>
        <location filename="../../app/gui/main_window.py" line="128"/>
        <source>Desk phone: off</source>
        <translation>Tischtelefon: aus</translation>
    </message>
    <message>
        <location filename="../../app/gui/main_window.py" line="129"/>
        <source>Journal: …</source>
        <translation>Journal: …</translation>
    </message>
    <message>
        <location filename="../../app/gui/main_window.py" line="129"/>
        <source>UC presence: off</source>
        <translation>UC-Präsenz: aus</translation>
    </message>
    <message>
        <location filename="../../app/gui/main_window.py" line="158"/>
        <source>System default</source>
        <translation>Systemstandard</translation>
    </message>
    <message>
        <location filename="../../app/gui/main_window.py" line="163"/>
        <source>%1 (not connected)</source>
        <translation>%1 (nicht verbunden)</translation>
    </message>
    <message>
        <location filename="../../app/gui/main_window.py" line="213"/>
        <source>My extension %1</source>
        <translation>Meine Rufnummer %1</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="6"/>
        <source>Tandem settings</source>
        <translation>Tandem-Einstellungen</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="7"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="11"/>
        <source>Settings sections</source>
        <translation>Einstellungsbereiche</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="13"/>
        <source>Softphone</source>
        <translation>Softphone</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="15"/>
        <source>Use this computer as a phone (SIP)</source>
        <translation>Diesen Computer als Telefon verwenden (SIP)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="16"/>
        <source>Use this computer as a phone (SIP): problem</source>
        <translation>Diesen Computer als Telefon verwenden (SIP): Problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="17"/>
        <location filename="../../ui/settings_dialog.ui" line="18"/>
        <source>Registrar (host or host:port)</source>
        <translation>Registrar (Host oder Host:Port)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="19"/>
        <source>Registrar (host or host:port): problem</source>
        <translation>Registrar (Host oder Host:Port): Problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="20"/>
        <location filename="../../ui/settings_dialog.ui" line="21"/>
        <source>Extension / SIP user</source>
        <translation>Rufnummer / SIP-Benutzer</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="22"/>
        <source>Extension / SIP user: problem</source>
        <translation>Rufnummer / SIP-Benutzer: Problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="23"/>
        <location filename="../../ui/settings_dialog.ui" line="24"/>
        <source>Authentication user (if different)</source>
        <translation>Anmeldename (falls abweichend)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="25"/>
        <source>Authentication user (if different): problem</source>
        <translation>Anmeldename (falls abweichend): Problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="26"/>
        <location filename="../../ui/settings_dialog.ui" line="27"/>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="28"/>
        <source>Password: problem</source>
        <translation>Passwort: Problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="29"/>
        <location filename="../../ui/settings_dialog.ui" line="30"/>
        <source>Display name</source>
        <translation>Anzeigename</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="31"/>
        <source>Display name: problem</source>
        <translation>Anzeigename: Problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="32"/>
        <location filename="../../ui/settings_dialog.ui" line="33"/>
        <source>Transport</source>
        <translation>Transport</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="34"/>
        <source>Transport: problem</source>
        <translation>Transport: Problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="35"/>
        <location filename="../../ui/settings_dialog.ui" line="36"/>
        <source>Encryption (SRTP)</source>
        <translation>Verschlüsselung (SRTP)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="37"/>
        <source>Encryption (SRTP): problem</source>
        <translation>Verschlüsselung (SRTP): Problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="38"/>
        <location filename="../../ui/settings_dialog.ui" line="39"/>
        <source>Outbound proxy (optional)</source>
        <translation>Outbound-Proxy (optional)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="40"/>
        <source>Outbound proxy (optional): problem</source>
        <translation>Outbound-Proxy (optional): Problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="41"/>
        <location filename="../../ui/settings_dialog.ui" line="42"/>
        <source>STUN server (optional)</source>
        <translation>STUN-Server (optional)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="43"/>
        <source>STUN server (optional): problem</source>
        <translation>STUN-Server (optional): Problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="44"/>
        <location filename="../../ui/settings_dialog.ui" line="45"/>
        <source>Pinned certificate fingerprint (optional)</source>
        <translation>Festgelegter Zertifikat-Fingerabdruck (optional)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="46"/>
        <source>Pinned certificate fingerprint (optional): problem</source>
        <translation>Festgelegter Zertifikat-Fingerabdruck (optional): Problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="47"/>
        <source>Test registration</source>
        <translation>Anmeldung testen</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="48"/>
        <source>Result of test registration</source>
        <translation>Ergebnis des Anmeldetests</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="52"/>
        <source>Desk phone (CTI)</source>
        <translation>Tischtelefon (CTI)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="54"/>
        <source>Connect to the PBX&apos;s CSTA interface</source>
        <translation>Mit der CSTA-Schnittstelle der Anlage verbinden</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="55"/>
        <source>Connect to the PBX&apos;s CSTA interface: problem</source>
        <translation>Mit der CSTA-Schnittstelle der Anlage verbinden: Problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="56"/>
        <location filename="../../ui/settings_dialog.ui" line="57"/>
        <source>PBX address</source>
        <translation>Adresse der Anlage</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="58"/>
        <source>PBX address: problem</source>
        <translation>Adresse der Anlage: Problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="59"/>
        <location filename="../../ui/settings_dialog.ui" line="60"/>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="61"/>
        <source>Port: problem</source>
        <translation>Port: Problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="62"/>
        <location filename="../../ui/settings_dialog.ui" line="63"/>
        <source>Framing</source>
        <translation>Rahmenformat</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="64"/>
        <source>Framing: problem</source>
        <translation>Rahmenformat: Problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="65"/>
        <location filename="../../ui/settings_dialog.ui" line="66"/>
        <source>CSTA login name</source>
        <translation>CSTA-Anmeldename</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="67"/>
        <source>CSTA login name: problem</source>
        <translation>CSTA-Anmeldename: Problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="68"/>
        <location filename="../../ui/settings_dialog.ui" line="69"/>
        <source>CSTA password</source>
        <translation>CSTA-Passwort</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="70"/>
        <source>CSTA password: problem</source>
        <translation>CSTA-Passwort: Problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="71"/>
        <location filename="../../ui/settings_dialog.ui" line="72"/>
        <source>My desk phone extension</source>
        <translation>Rufnummer meines Tischtelefons</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="73"/>
        <source>My desk phone extension: problem</source>
        <translation>Rufnummer meines Tischtelefons: Problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="74"/>
        <location filename="../../ui/settings_dialog.ui" line="75"/>
        <source>Colleagues to watch (e.g. 100-149, 201)</source>
        <translation>Beobachtete Kollegen (z. B. 100-149, 201)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="76"/>
        <source>Colleagues to watch (e.g. 100-149, 201): problem</source>
        <translation>Beobachtete Kollegen (z. B. 100-149, 201): Problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="77"/>
        <source>Test connection</source>
        <translation>Verbindung testen</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="78"/>
        <source>Result of test connection</source>
        <translation>Ergebnis des Verbindungstests</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="82"/>
        <source>Journal</source>
        <translation>Journal</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="84"/>
        <location filename="../../ui/settings_dialog.ui" line="85"/>
        <source>Store</source>
        <translation>Speicherort</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="86"/>
        <source>Store: problem</source>
        <translation>Speicherort: Problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="87"/>
        <location filename="../../ui/settings_dialog.ui" line="88"/>
        <source>Journal file (empty: default)</source>
        <translation>Journaldatei (leer: Standard)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="89"/>
        <source>Journal file (empty: default): problem</source>
        <translation>Journaldatei (leer: Standard): Problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="90"/>
        <location filename="../../ui/settings_dialog.ui" line="91"/>
        <source>Shared journal (PostgreSQL, without password)</source>
        <translation>Gemeinsames Journal (PostgreSQL, ohne Passwort)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="92"/>
        <source>Shared journal (PostgreSQL, without password): problem</source>
        <translation>Gemeinsames Journal (PostgreSQL, ohne Passwort): Problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="93"/>
        <location filename="../../ui/settings_dialog.ui" line="94"/>
        <source>PostgreSQL password</source>
        <translation>PostgreSQL-Passwort</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="95"/>
        <source>PostgreSQL password: problem</source>
        <translation>PostgreSQL-Passwort: Problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="96"/>
        <location filename="../../ui/settings_dialog.ui" line="97"/>
        <source>PBX time zone (e.g. Europe/Berlin; empty: this computer&apos;s)</source>
        <translation>Zeitzone der Anlage (z. B. Europe/Berlin; leer: die dieses Computers)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="98"/>
        <source>PBX time zone (e.g. Europe/Berlin; empty: this computer&apos;s): problem</source>
        <translation>Zeitzone der Anlage (z. B. Europe/Berlin; leer: die dieses Computers): Problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="99"/>
        <source>Collect call data records from the PBX (one collector per office)</source>
        <translation>Gesprächsdaten von der Anlage abholen (ein Sammler pro Büro)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="100"/>
        <source>Collect call data records from the PBX (one collector per office): problem</source>
        <translation>Gesprächsdaten von der Anlage abholen (ein Sammler pro Büro): Problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="101"/>
        <location filename="../../ui/settings_dialog.ui" line="102"/>
        <source>PBX web address for CDR</source>
        <translation>Webadresse der Anlage für Gesprächsdaten</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="103"/>
        <source>PBX web address for CDR: problem</source>
        <translation>Webadresse der Anlage für Gesprächsdaten: Problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="104"/>
        <location filename="../../ui/settings_dialog.ui" line="105"/>
        <source>WBM user</source>
        <translation>WBM-Benutzer</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="106"/>
        <source>WBM user: problem</source>
        <translation>WBM-Benutzer: Problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="107"/>
        <location filename="../../ui/settings_dialog.ui" line="108"/>
        <source>WBM password</source>
        <translation>WBM-Passwort</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="109"/>
        <source>WBM password: problem</source>
        <translation>WBM-Passwort: Problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="110"/>
        <location filename="../../ui/settings_dialog.ui" line="111"/>
        <source>Pinned certificate fingerprint</source>
        <translation>Festgelegter Zertifikat-Fingerabdruck</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="112"/>
        <source>Pinned certificate fingerprint: problem</source>
        <translation>Festgelegter Zertifikat-Fingerabdruck: Problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="113"/>
        <source>Use UC presence (Web Services Interface)</source>
        <translation>UC-Präsenz verwenden (Web Services Interface)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="114"/>
        <source>Use UC presence (Web Services Interface): problem</source>
        <translation>UC-Präsenz verwenden (Web Services Interface): Problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="115"/>
        <location filename="../../ui/settings_dialog.ui" line="116"/>
        <source>WSI address</source>
        <translation>WSI-Adresse</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="117"/>
        <source>WSI address: problem</source>
        <translation>WSI-Adresse: Problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="118"/>
        <location filename="../../ui/settings_dialog.ui" line="119"/>
        <source>WSI port</source>
        <translation>WSI-Port</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="120"/>
        <source>WSI port: problem</source>
        <translation>WSI-Port: Problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="121"/>
        <source>HTTPS</source>
        <translation>HTTPS</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="122"/>
        <source>HTTPS: problem</source>
        <translation>HTTPS: Problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="123"/>
        <location filename="../../ui/settings_dialog.ui" line="124"/>
        <source>UC user (extension)</source>
        <translation>UC-Benutzer (Rufnummer)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="125"/>
        <source>UC user (extension): problem</source>
        <translation>UC-Benutzer (Rufnummer): Problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="126"/>
        <location filename="../../ui/settings_dialog.ui" line="127"/>
        <source>UC password</source>
        <translation>UC-Passwort</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="128"/>
        <source>UC password: problem</source>
        <translation>UC-Passwort: Problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="129"/>
        <source>Test journal</source>
        <translation>Journal testen</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="130"/>
        <source>Result of test journal</source>
        <translation>Ergebnis des Journaltests</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="134"/>
        <source>Audio</source>
        <translation>Audio</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="136"/>
        <location filename="../../ui/settings_dialog.ui" line="137"/>
        <source>Microphone</source>
        <translation>Mikrofon</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="138"/>
        <source>Microphone: problem</source>
        <translation>Mikrofon: Problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="139"/>
        <location filename="../../ui/settings_dialog.ui" line="140"/>
        <source>Speaker / headset</source>
        <translation>Lautsprecher / Headset</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="141"/>
        <source>Speaker / headset: problem</source>
        <translation>Lautsprecher / Headset: Problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="142"/>
        <location filename="../../ui/settings_dialog.ui" line="143"/>
        <source>Ringer</source>
        <translation>Klingelgerät</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="144"/>
        <source>Ringer: problem</source>
        <translation>Klingelgerät: Problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="145"/>
        <location filename="../../ui/settings_dialog.ui" line="146"/>
        <source>Microphone level</source>
        <translation>Mikrofonpegel</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="147"/>
        <source>Play test tone</source>
        <translation>Testton abspielen</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="148"/>
        <source>Result of play test tone</source>
        <translation>Ergebnis des Testtons</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="152"/>
        <source>Appearance</source>
        <translation>Darstellung</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="154"/>
        <location filename="../../ui/settings_dialog.ui" line="155"/>
        <source>Theme</source>
        <translation>Farbschema</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="156"/>
        <source>Theme: problem</source>
        <translation>Farbschema: Problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="157"/>
        <location filename="../../ui/settings_dialog.ui" line="158"/>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="159"/>
        <source>Language: problem</source>
        <translation>Sprache: Problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="160"/>
        <source>Start minimised to the tray</source>
        <translation>Minimiert im Infobereich starten</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="161"/>
        <source>Start minimised to the tray: problem</source>
        <translation>Minimiert im Infobereich starten: Problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="162"/>
        <source>Closing the window keeps Tandem in the tray</source>
        <translation>Beim Schließen im Infobereich weiterlaufen</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="163"/>
        <source>Closing the window keeps Tandem in the tray: problem</source>
        <translation>Beim Schließen im Infobereich weiterlaufen: Problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="169"/>
        <source>Password storage notice</source>
        <translation>Hinweis zur Passwortspeicherung</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="172"/>
        <source>Save or cancel</source>
        <translation>Speichern oder abbrechen</translation>
    </message>
</context>
</TS>
