"""Real audio through a private PulseAudio: what baresip plays comes out of Tandem's speaker device,
and what goes into Tandem's microphone device arrives at baresip, checked by frequency, in both
directions, with a 16 kHz and an 8 kHz codec; plus device hot-plug, switching mid-call, and a clean
"no audio device" state."""

from __future__ import annotations

import os
import time

import pytest

from tandem.sip.audio_analysis import analyse, goertzel_power, pcm_samples, read_wav

CALL_SECONDS = float(os.environ.get("TANDEM_SIP_AUDIO_SECONDS", "15"))


def tone_only(samples, rate, freq):
    """The stretch of a recording where `freq` plays (from 0.2 s after its first 20 ms window to
    0.2 s before its last): a ringback burst before the answer or silence after it is not a cut."""
    n = rate // 50
    hits = []
    for i in range(0, len(samples) - n, n):
        window = samples[i:i + n]
        energy = sum(x * x for x in window) * n / 2.0
        if energy and goertzel_power(window, rate, freq) > 0.5 * energy:
            hits.append(i)
    if not hits:
        return samples[:0]
    return samples[hits[0] + rate // 5: hits[-1] + n - rate // 5]


def _settled_wav(paths, timeout=20.0):
    deadline = time.monotonic() + timeout
    while True:
        try:
            return [read_wav(p) for p in paths]
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.mark.parametrize(("codec", "rate"), [("G722/16000", 16000), ("PCMU/8000", 8000)])
def test_tone_both_ways_without_cuts(pulse, baresip, tone_wav, tmp_path, codec, rate, tandem_sip):
    far = baresip(f"aufile,{tone_wav(1000, seconds=CALL_SECONDS + 30, rate=rate)}")
    mic = tone_wav(600, seconds=CALL_SECONDS + 30, rate=48000)
    speaker_raw = tmp_path / "speaker.raw"
    injector = pulse.play("micfeed", mic)
    listener = pulse.record("speaker.monitor", speaker_raw)
    try:
        status, result = tandem_sip(
            "call", f"sip:far@127.0.0.1:{far.sip_port}", "--registrar", "127.0.0.1", "--user", "201",
            "--no-register", "--audio", "--codecs", codec, "--duration", str(CALL_SECONDS),
            env=pulse.env, timeout=CALL_SECONDS + 120)
    finally:
        listener.terminate()
        injector.terminate()
        listener.wait(10)
        injector.wait(10)
    assert status == 0, result
    assert result["codec"] == codec.split("/")[0]
    assert result["audio_devices"]["playback"] == "Speaker"
    assert result["audio_devices"]["capture"] == "Microphone"
    audio = result["audio"]
    assert audio["speaker_underruns"] == 0, audio
    assert audio["mic_underruns"] == 0, audio

    rtp = result["rtp"]  # 20 ms packets both ways, as the stack counted them
    assert rtp["rx_packets"] > CALL_SECONDS * 45 and rtp["tx_packets"] > CALL_SECONDS * 45, rtp

    heard = analyse(tone_only(pcm_samples(speaker_raw.read_bytes()), 16000, 1000), 16000)
    assert abs(heard.frequency - 1000) <= 3, heard
    # A cut is the softphone's unless the far end's audio reached the stack late or not at all:
    # frames its jitter buffer concealed, dropped or went without (after the one it may hand out
    # before the first packet) excuse one cut each. On a quiet machine all of them are 0.
    late = rtp["rx_lost"] + rtp["jbuf_lost"] + rtp["jbuf_discarded"] + max(0, rtp["jbuf_empty"] - 1)
    assert heard.cuts <= late, (heard, rtp)
    assert heard.seconds > CALL_SECONDS * 0.8

    far.stop()  # closes its recordings
    (decoded,) = _settled_wav([p for p in far.recordings() if p.name.endswith("-dec.wav")])
    samples, rate = decoded
    sent = analyse(tone_only(samples, rate, 600), rate)
    assert sent.seconds > CALL_SECONDS * 0.8
    assert abs(sent.frequency - 600) <= 3, sent
    assert sent.cuts == 0, sent


def test_no_audio_device_is_a_clear_state_not_a_crash(baresip, tone_wav, tmp_path, tandem_sip):
    far = baresip(f"aufile,{tone_wav(1000, seconds=20)}")
    nowhere = {"PULSE_SERVER": f"unix:{tmp_path}/no-such-socket", "XDG_RUNTIME_DIR": str(tmp_path),
               "QT_LOGGING_RULES": "qt.multimedia.*=false"}
    status, result = tandem_sip(
        "call", f"sip:far@127.0.0.1:{far.sip_port}", "--registrar", "127.0.0.1", "--user", "201",
        "--no-register", "--audio", "--duration", "2", env=nowhere)
    assert status == 0, result
    assert result["state"] == "confirmed"
    devices = result["audio_devices"]
    assert devices["playback"] is None and devices["capture"] is None
    assert "No audio device" in devices["problem"]


def test_device_hot_plug_and_switch_mid_call(pulse, baresip, tone_wav, tmp_path, sip_driver):
    far = baresip(f"aufile,{tone_wav(1000, seconds=120)}")
    tandem = sip_driver("--audio", env=pulse.env)
    tandem.account("127.0.0.1", "201", register=False)
    # The user prefers a headset that is not plugged in: the default speaker stands in.
    tandem.send("select", playback="Headset")
    out = tandem.send("call", user="201", target=f"sip:far@127.0.0.1:{far.sip_port}")["call_id"]
    tandem.expect("CallStateChanged", call_id=out, state="confirmed")
    tandem.expect("AudioDevicesChanged", playback="Speaker")

    # The headset is plugged in mid-call: the call's audio moves there by itself.
    mark = tandem.mark()
    module = pulse.pactl("load-module", "module-null-sink", "sink_name=headset",
                         "sink_properties=device.description=Headset").stdout.strip()
    try:
        tandem.expect("AudioDevicesChanged", since=mark, playback="Headset")
        heard = _record_for(pulse, "headset.monitor", tmp_path / "headset.raw", seconds=4.0)
        assert abs(heard.frequency - 1000) <= 3, heard
        # The user switches back to the speaker during the call.
        mark = tandem.mark()
        tandem.send("select", playback="Speaker")
        tandem.expect("AudioDevicesChanged", since=mark, playback="Speaker")
        heard = _record_for(pulse, "speaker.monitor", tmp_path / "speaker.raw", seconds=4.0)
        assert abs(heard.frequency - 1000) <= 3, heard
    finally:
        pulse.pactl("unload-module", module, check=False)
    tandem.send("hangup", call=out)
    tandem.expect("CallEnded", call_id=out)


def test_ringtone_on_the_ringer_device_until_answered(pulse, kamailio, sip_driver, tmp_path):
    module = pulse.pactl("load-module", "module-null-sink", "sink_name=ringer",
                         "sink_properties=device.description=Ringer").stdout.strip()
    try:
        tandem = sip_driver("--audio", env=pulse.env)
        tandem.account(kamailio.address, "202")
        tandem.expect("RegistrationChanged", state="registered")
        tandem.send("select", ringer="Ringer")
        tandem.expect("AudioDevicesChanged", ringer="Ringer")
        caller = sip_driver()
        caller.account(kamailio.address, "201")
        caller.expect("RegistrationChanged", state="registered")
        out = caller.send("call", user="201", target="202")["call_id"]
        incoming = tandem.expect("IncomingCall")
        ringing = _record_for(pulse, "ringer.monitor", tmp_path / "ringer.raw", seconds=3.0)
        assert min(abs(ringing.frequency - 660), abs(ringing.frequency - 880)) <= 3, ringing
        tandem.send("answer", call=incoming["call_id"])
        caller.expect("CallStateChanged", call_id=out, state="confirmed")
        time.sleep(0.5)  # the ringer sink closes on its next tick
        after = _record_for(pulse, "ringer.monitor", tmp_path / "after.raw", seconds=2.0)
        assert after.rms < 0.001, after
        caller.send("hangup", call=out)
        tandem.expect("CallEnded")
    finally:
        pulse.pactl("unload-module", module, check=False)


def _record_for(pulse, source, path, seconds):
    proc = pulse.record(source, path)
    time.sleep(seconds)  # a sample of what plays there; the check is on its content
    proc.terminate()
    proc.wait(10)
    return analyse(pcm_samples(path.read_bytes()), 16000)


def test_headless_command_reports_bad_input(tandem_sip, tmp_path):
    status, result = tandem_sip("call", "201", "--registrar", "127.0.0.1", "--user", "201",
                                "--no-register", "--dtmf", "12x")
    assert status == 2
    assert "'x'" in result["reason"]
    status, result = tandem_sip("call", "201", "--registrar", "127.0.0.1", "--user", "201",
                                "--no-register", "--play", str(tmp_path / "missing.wav"))
    assert status == 1 and "does not exist" in result["reason"]


def test_headless_answer_rejects_busy(tandem_sip_background, tandem_sip):
    proc, lines = tandem_sip_background("answer", "--registrar", "127.0.0.1", "--user", "202",
                                        "--no-register", "--reject", "busy", "--announce", "--wait", "60")
    ready = lines.next_json(60)
    assert ready["state"] == "ready"
    status, result = tandem_sip("call", f"sip:202@127.0.0.1:{ready['ports']['udp']}", "--registrar",
                                "127.0.0.1", "--user", "201", "--no-register")
    assert status == 1
    assert result["code"] == 486 and result["reason"] == "busy"
    answered = lines.next_json(30)
    assert answered["state"] == "rejected"
    assert answered["caller"].startswith("sip:201@")
    assert proc.wait(30) == 0
