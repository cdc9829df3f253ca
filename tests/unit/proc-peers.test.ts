// /proc paths of guest processes (src/linux-user/proc.ts): which node a path
// is, and the stat/status text made from the process host's table.

import { formatStat, formatStatus, procNode, type PeerInfo } from '../../src/linux-user/proc';

const peer: PeerInfo = {
  pid: 1001, ppid: 1000, pgid: 1000, sid: 900, state: 'T', comm: 'sleep', argv: ['sleep', '30'], exe: '/bin/busybox',
  threads: 1, start: 12345, uid: 1000, gid: 100,
};
const table = (pid: number): PeerInfo | undefined => (pid === 1001 ? peer : undefined);
const node = (p: string, peers = true) => procNode(Buffer.from(p), 1000, peers ? table : undefined);

describe('procNode', () => {
  test('own entries', () => {
    expect(node('/proc/self/stat')).toEqual({ kind: 'file', name: 'stat' });
    expect(node('/proc/1000/status')).toEqual({ kind: 'file', name: 'status' });
    expect(node('/proc/1000')).toEqual({ kind: 'alias', host: '/proc/self/' });
    expect(node('/proc/1000/exe')).toEqual({ kind: 'exe' });
    // Without a process host, stat/status stay the host's.
    expect(node('/proc/self/stat', false)).toBeUndefined();
  });

  test('another guest process', () => {
    for (const rest of ['stat', 'status', 'cmdline', 'comm', 'exe', '']) {
      expect(node(rest ? `/proc/1001/${rest}` : '/proc/1001')).toEqual({ kind: 'peer', info: peer, rest });
    }
    expect(node('/proc/1001/maps')).toBeUndefined(); // not described: the host's (absent) entry
    expect(node('/proc/1001/task/1001/stat')).toBeUndefined();
  });

  test('a host process is left to the host', () => {
    expect(node('/proc/1/stat')).toBeUndefined();
    expect(node('/proc/cpuinfo')).toEqual({ kind: 'file', name: 'cpuinfo' });
  });
});

describe('stat and status text', () => {
  test('stat has the 52 fields of Linux, state and ids in place', () => {
    const f = formatStat(peer, 4096, 1).trimEnd().split(' ');
    expect(f).toHaveLength(52);
    expect(f.slice(0, 6)).toEqual(['1001', '(sleep)', 'T', '1000', '1000', '900']);
    expect(f[19]).toBe('1'); // num_threads
    expect(f[21]).toBe('12345'); // starttime
    expect(f[22]).toBe('4096'); // vsize
  });

  test('status lines ps and pidof read', () => {
    const s = formatStatus(peer);
    expect(s).toContain('Name:\tsleep\n');
    expect(s).toContain('State:\tT (stopped)\n');
    expect(s).toContain('Pid:\t1001\nPPid:\t1000\n');
    expect(s).toContain('Uid:\t1000\t1000\t1000\t1000\n');
    expect(s).not.toContain('VmSize');
    expect(formatStatus({ ...peer, state: 'R' }, { size: 8, rss: 4 })).toContain('VmSize:\t       8 kB\nVmRSS:\t       4 kB\n');
  });
});
