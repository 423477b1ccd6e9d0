"""The softphone engine on pjsua2; the only package that imports pjsua2.

- endpoint: `SipEngine`, the one pjsua2 Endpoint of the process: lifecycle, the asyncio pump,
  ownership of accounts/calls/media, orderly shutdown;
- account: `AccountSpec` (what to register as) and the pjsua2 Account;
- call: `SipCall` and its operations (answer, reject, hold, DTMF, transfer, mute, files);
- events: the frozen domain events the GUI and the journal consume, and the `EventBus`;
- signalling: caller identity, Reason headers, failure reasons in words (pure);
- pinning: TLS certificate pinning for registrars with self-signed certificates;
- audio_bridge, audio_buffers, devices: real audio through Qt Multimedia for the null-device wheel;
- audio_analysis: tone, level and cut checks on recordings (support and tests);
- headless: the sessions behind `tandem sip register|call|answer`.
"""
