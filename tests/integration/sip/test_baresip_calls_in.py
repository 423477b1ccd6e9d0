"""baresip calls Tandem (driven over ctrl_tcp): Tandem answers with its sound devices and the tone goes
both ways."""

from __future__ import annotations

from tandem.sip.audio_analysis import analyse, pcm_samples, read_wav


def test_baresip_calls_tandem_with_audio_both_ways(pulse, baresip, tone_wav, tmp_path, tandem_sip_background):
    far = baresip(f"aufile,{tone_wav(1000, seconds=60)}")
    mic = pulse.play("micfeed", tone_wav(600, seconds=60, rate=48000))
    speaker_raw = tmp_path / "speaker.raw"
    listener = pulse.record("speaker.monitor", speaker_raw)
    try:
        proc, lines = tandem_sip_background(
            "answer", "--registrar", "127.0.0.1", "--user", "201", "--no-register", "--audio",
            "--duration", "6", "--announce", "--wait", "60", env=pulse.env)
        ready = lines.next_json(60)
        reply = far.command("dial", f"sip:201@127.0.0.1:{ready['ports']['udp']}")
        assert '"ok":true' in reply.replace(" ", ""), reply
        result = lines.next_json(90)
        assert proc.wait(30) == 0, result
    finally:
        listener.terminate()
        mic.terminate()
        listener.wait(10)
        mic.wait(10)
    assert result["state"] == "confirmed", result
    assert result["caller"].startswith("sip:far@"), result
    assert result["audio"]["speaker_underruns"] == 0, result
    assert result["codec"] == "G722" and result["connected_s"] > 5, result
    heard = analyse(pcm_samples(speaker_raw.read_bytes()), 16000)
    assert abs(heard.frequency - 1000) <= 3, heard
    far.stop()
    decoded = [p for p in far.recordings() if p.name.endswith("-dec.wav")]
    assert len(decoded) == 1, far.recordings()
    sent = analyse(*read_wav(decoded[0]))
    assert abs(sent.frequency - 600) <= 3, sent
