/**
 * How far the PC's clock is from its time server, read from what systemd-timesyncd, chrony and
 * ntpd print (their real output, as on a station's Ubuntu or Debian PC).
 */
import { describe, expect, it } from 'vitest';
import { chronyReading, ntpqReading, timesyncOffsetMs } from '../../src-main/platform/clock-sync';
import { clockLine } from '../../src-main/cli/commands/doctor';

const TIMESYNC = `       Server: 162.159.200.123 (ntp.ubuntu.com)
Poll interval: 34min 8s (min: 32s; max 34min 8s)
         Leap: normal
      Version: 4
      Stratum: 3
    Reference: A29FC87B
    Precision: 1us (-25)
Root distance: 11.596ms (max: 5s)
       Offset: -1.234ms
        Delay: 23.520ms
       Jitter: 1.027ms
 Packet count: 12
    Frequency: +7.512ppm
`;

const CHRONY = (system: string, leap: string) => `Reference ID    : A29FC87B (time.cloudflare.com)
Stratum         : 4
Ref time (UTC)  : Mon Dec 07 18:20:31 2026
System time     : ${system} of NTP time
Last offset     : -0.000045678 seconds
RMS offset      : 0.000210987 seconds
Frequency       : 12.345 ppm fast
Residual freq   : -0.001 ppm
Skew            : 0.045 ppm
Root delay      : 0.012345678 seconds
Root dispersion : 0.000987654 seconds
Update interval : 1025.9 seconds
Leap status     : ${leap}
`;

const NTPQ = `     remote           refid      st t when poll reach   delay   offset  jitter
==============================================================================
*162.159.200.1   10.71.8.4        3 u   35   64  377   12.345   -0.789   0.123
+192.0.2.10      .GPS.            1 u   40   64  377   20.111    1.234   0.456
`;

describe('the clock offset', () => {
  it('systemd-timesyncd: the Offset line, in whatever unit it chose', () => {
    expect(timesyncOffsetMs(TIMESYNC)).toBe(-1.234);
    expect(timesyncOffsetMs(TIMESYNC.replace('-1.234ms', '+312us'))).toBe(0.312);
    expect(timesyncOffsetMs(TIMESYNC.replace('-1.234ms', '+1.5s'))).toBe(1500);
    // Before the first answer from the server there is no Offset line.
    expect(timesyncOffsetMs(TIMESYNC.replace(/^.*Offset.*$/m, ''))).toBeNull();
  });

  it('chrony: fast is ahead, slow behind; synchronised only with a Normal leap status', () => {
    expect(chronyReading(CHRONY('0.000123456 seconds slow', 'Normal'))).toEqual({
      synchronised: true,
      offsetMs: -0.123,
    });
    expect(chronyReading(CHRONY('0.250000000 seconds fast', 'Not synchronised'))).toEqual({
      synchronised: false,
      offsetMs: 250,
    });
    expect(chronyReading('506 Cannot talk to daemon\n')).toEqual({ synchronised: null, offsetMs: null });
  });

  it('ntpd: the offset of the peer it follows (marked *), none without one', () => {
    expect(ntpqReading(NTPQ)).toEqual({ synchronised: true, offsetMs: -0.789 });
    expect(ntpqReading(NTPQ.replace('*162', ' 162'))).toEqual({ synchronised: false, offsetMs: null });
  });
});

describe('the clock in studio doctor', () => {
  it('says synchronised or not, from what, and by how much, in Vietnamese', () => {
    const message = 'x';
    expect(clockLine({ synchronised: true, source: 'chronyc', offsetMs: -0.123, message })).toBe(
      '  [OK   ] Đồng hồ máy: đã đồng bộ (chronyc), lệch -0,123 ms',
    );
    expect(clockLine({ synchronised: false, source: 'timedatectl', offsetMs: 1500, message })).toBe(
      '  [CHÚ Ý] Đồng hồ máy: CHƯA đồng bộ (timedatectl), lệch +1.500 ms',
    );
    expect(clockLine({ synchronised: null, source: null, offsetMs: null, message })).toBe(
      '  [CHÚ Ý] Đồng hồ máy: không rõ',
    );
  });
});
