// Shell scripts (issue 6, "done when"): Debian's busybox-static `sh` for arm64,
// armhf (bookworm) and riscv64 (trixie) runs scripts with pipelines, subshells, command substitution, trap,
// wait, background jobs, kill, redirections and here-documents under nodemu and
// under qemu-<arch> in the same run; stdout, stderr and exit status must match.
//
// qemu-user 7.2 hands execve to the host kernel. So under qemu, when the shell
// runs a non-NOFORK applet (sort, tr, sleep, sh...), busybox's execve of
// /proc/self/exe fails (no binfmt_misc for the foreign ELF) and ash falls back to
// the PATH: the host's GNU tools run instead. The compared scripts only use such
// commands where busybox and GNU agree; what qemu cannot do (a nested guest `sh
// -c`, a foreign `#!` script, applet identity) is checked against explicit
// expected output, nodemu only, as are host-native programs in guest pipelines.

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Arch, BASE_ENV, NODEMU, ROOT, RunResult, qemuCommand, qemuVersion, runCommand } from './harness';

const TIMEOUT_MS = 60_000;
const ENV = { ...BASE_ENV, PATH: '/usr/bin:/bin' };

interface Run { status: number; stdout: string; stderr: string }

function busyboxOf(debArch: string): string {
  return path.join(ROOT, '.cache', 'real', debArch, 'bin', 'busybox');
}

/** Runs `busybox sh -c script` in a fresh temporary directory (its name is replaced by <dir>). */
async function sh(emu: 'qemu' | 'nodemu', arch: Arch, debArch: string, script: string,
  o: { prefix?: boolean; stdin?: string } = {}): Promise<Run & { timedOut: boolean }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodemu-shell-'));
  try {
    const L = o.prefix ? ['-L', path.join(ROOT, '.cache', 'real', debArch)] : [];
    const argv = emu === 'qemu'
      ? [qemuCommand(arch), ...L, busyboxOf(debArch), 'sh', '-c', script]
      : [process.execPath, NODEMU, ...L, busyboxOf(debArch), 'sh', '-c', script];
    const r: RunResult = await runCommand(argv, { env: ENV, timeoutMs: TIMEOUT_MS, cwd: dir, stdin: o.stdin ?? '' });
    const norm = (t: string): string => t.split(fs.realpathSync(dir)).join('<dir>').split(dir).join('<dir>');
    return { status: r.status, stdout: norm(r.stdout), stderr: norm(r.stderr), timedOut: r.timedOut };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Scripts compared with qemu. Each covers several features to keep the number of runs low. */
const COMPARED: { name: string; script: string; stdin?: string }[] = [
  {
    name: 'pipelines and read loops',
    script: `
printf 'b\\na\\nc\\na\\nb\\na\\n' | sort | uniq -c | sort -rn
echo hello world | tr a-z A-Z | tr -d O | cat | cat
printf 'a\\nb\\n' | while read x; do echo "got $x"; done
printf '1\\n2\\n3\\n' | { n=0; while read x; do n=$((n+x)); done; echo sum=$n; }
seq 1 5 | xargs -n 2 echo
false | true; echo "false|true=$?"
true | false; echo "true|false=$?"
while read line; do echo "stdin: $line"; done
`,
    stdin: 'first\nsecond line\n',
  },
  {
    name: 'subshells and command substitution',
    script: `
x=$(echo $(echo $(echo deep)))
echo "$x"
(exit 7); echo "sub=$?"
y=$( (echo in; exit 3) ); echo "$y $?"
a=1; (a=2; echo "inner $a"); echo "outer $a"
echo "$(printf '%s-' a b c)"
echo \`echo backtick\`
n=$(printf 'l1\\nl2\\nl3\\n' | wc -l); echo "lines=$n"
(cd /; pwd); pwd
echo "$( (trap 'echo sub-exit' EXIT; echo body) )"
`,
  },
  {
    name: 'trap: EXIT, USR1 to self, INT from a background job interrupting wait',
    script: `
trap 'echo exit trap $?' EXIT
trap 'echo got USR1' USR1
kill -USR1 $$
echo after usr1
trap 'echo got INT' INT
(sleep 0.3; kill -INT $$) &
wait
echo "wait interrupted=$?"
wait
trap - INT
trap '' TERM; kill -TERM $$; echo "TERM ignored"
exit 3
`,
  },
  {
    name: 'background jobs, wait and kill',
    // ash's "Terminated"/"Killed" report for a background job depends on whether
    // SIGCHLD comes before `wait` runs, even under qemu: stderr is dropped here.
    script: `
exec 2>/dev/null
sleep 5 & pid=$!; kill $pid; wait $pid; echo "killed=$?"
sleep 5 & kill -9 $!; wait $!; echo "kill9=$?"
(exit 3) & p1=$!; (exit 4) & p2=$!
wait $p2; echo "p2=$?"; wait $p1; echo "p1=$?"
(sleep 0.2; echo bg done) & wait; echo "all=$?"
kill -0 $$ && echo self alive
(exit 0) & p=$!; wait $p; kill -0 $p 2>/dev/null || echo gone
wait 12345 2>/dev/null; echo "not a child=$?"
case $! in [0-9]*) echo "bang is a pid";; esac
`,
  },
  {
    name: 'stopped jobs: kill -STOP/-CONT, state in /proc/<pid>/stat, signals pending while stopped',
    script: `
exec 2>/dev/null
st() { cut -d' ' -f3 /proc/$1/stat; }
sleep 1 & p=$!
kill -STOP $p; echo "stop=$?"
i=0; while [ "$(st $p)" != T ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
echo "state $(st $p)"
sleep 1.3
kill -0 $p && echo "alive past its sleep while stopped"
kill -CONT $p; echo "cont=$?"
wait $p; echo "waited=$?"
# Whether SIGTERM waits for SIGCONT here depends on timing under qemu (a child that has not run
# yet takes the lower-numbered SIGTERM first), so only the final status is compared.
sleep 5 & p=$!; kill -STOP $p; kill -TERM $p; sleep 0.3
kill -CONT $p; wait $p; echo "TERM after CONT=$?"
sleep 5 & p=$!; kill -STOP $p; kill -KILL $p; wait $p; echo "KILL while stopped=$?"
`,
  },
  {
    // Under qemu the orphans are host processes that outlive it and keep the output pipe
    // open; nodemu waits for them before exiting with the shell's status.
    name: 'orphans outlive the shell: their output and the shell status',
    script: `
(sleep 0.5; echo late orphan) &
sleep 0.2 &
echo done
exit 3
`,
  },
  {
    name: 'redirections and fd duplication',
    script: `
echo one > f; echo two >> f; cat f
cat < f | wc -l
{ echo out; echo err >&2; } 2>&1 | sort
cat nonexist 2>/dev/null; echo "cat=$?"
exec 3>g; echo to3 >&3; echo more >&3; exec 3>&-; cat g
exec 4<f; read l <&4; echo "l=$l"; read l <&4; echo "l=$l"; exec 4<&-
{ echo via3 >&3; } 3>&1
x=$( { echo o; echo e >&2; } 2>&1 ); echo "$x"
echo to-stderr 1>&2
echo dropped 2>&1 >/dev/null
( echo sub-out; echo sub-err >&2 ) > both 2>&1; sort both
: > empty; wc -c < empty
echo mix >&2 2>/dev/null
`,
  },
  {
    name: 'here-documents',
    script: `
v=world
cat <<EOF
hello $v $((1+2)) $(echo cmd)
EOF
cat <<'EOF'
literal $v $(echo no)
EOF
cat <<-EOF
	tabbed $v
	EOF
while read a b; do echo "$b $a"; done <<EOF
1 one
2 two
EOF
tr a-z A-Z <<EOF | cat
piped heredoc
EOF
`,
  },
  {
    name: 'control flow, functions, arithmetic, set -e, exit status',
    script: `
f() { echo "f $1"; return $(($1 * 2)); }
f 3; echo "ret=$?"
true && echo and1; false && echo no; false || echo or1
for i in 1 2 3; do case $i in 1) echo one;; 2|3) echo "two-three $i";; esac; done
i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo i=$i
until [ $i -eq 0 ]; do i=$((i-1)); done; echo i=$i
echo $(( (7*6) % 10 + 1<<3 )) $(( 0x10 + 010 )) $(( -5 / 2 ))
( set -e; echo before; false; echo not reached ); echo "set-e=$?"
g() { exit 4; }; (g); echo "g=$?"
set -- a "b c" d; echo "$# $2"; shift; echo "$1"
for w in $(echo x y z); do printf '%s.' "$w"; done; echo
exit 42
`,
  },
  {
    name: 'find and ls over a directory',
    script: `
mkdir -p d/sub/deeper; touch d/a d/b d/sub/c d/sub/deeper/e
find d | sort
find d -type f -name '[ace]' | sort
ls d; ls d/sub
for f in d/*; do [ -d "$f" ] && echo "dir $f" || echo "file $f"; done
rm -r d; ls d 2>/dev/null || echo removed
`,
  },
];

const MACHINE: Record<Arch, string> = { aarch64: 'aarch64', arm: 'armv7l', riscv64: 'riscv64' };
const ARCHES: [Arch, string][] = [['aarch64', 'arm64'], ['arm', 'armhf'], ['riscv64', 'riscv64']];

for (const [arch, debArch] of ARCHES) {
  const bb = busyboxOf(debArch);
  const qemu = qemuVersion(arch);
  const ready = fs.existsSync(bb) && qemu !== null;
  const IN_CI = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';
  describe(`busybox sh (${debArch})`, () => {
    if (!ready) {
      const why = !fs.existsSync(bb) ? `${bb} missing (scripts/fetch-real-binaries.sh)` : `${qemuCommand(arch)} missing`;
      if (IN_CI) test('busybox and qemu are available', () => { throw new Error(why); });
      else test.skip(`shell tests (${why})`, () => undefined);
      return;
    }

    describe(`same as ${qemuCommand(arch)}`, () => {
      for (const c of COMPARED) {
        test(c.name, async () => {
          const [n, q] = await Promise.all([sh('nodemu', arch, debArch, c.script, c), sh('qemu', arch, debArch, c.script, c)]);
          expect(q.timedOut).toBe(false);
          expect({ status: n.status, stdout: n.stdout, stderr: n.stderr })
            .toEqual({ status: q.status, stdout: q.stdout, stderr: q.stderr });
        }, TIMEOUT_MS * 2);
      }
    });

    // qemu 7.2 cannot run these (see the header); the expected output is what Linux gives.
    describe('nodemu only (qemu-user without binfmt_misc cannot exec the guest again)', () => {
      test('applets re-executed through /proc/self/exe are the guest busybox; nested sh -c', async () => {
        const r = await sh('nodemu', arch, debArch, `
tr --help 2>&1 | head -1 | cut -d' ' -f1
sh -c 'echo "nested $1"; exit 5' zero one; echo "nested=$?"
sh -c 'sh -c "echo two deep; kill -TERM \\$\\$"'; echo "killed nested=$?"
sh -c 'trap "echo child INT; exit 6" INT; kill -INT $$; echo not reached'; echo "child=$?"
x=$(sh -c 'uname -m'); echo "machine=$x"
`);
        // The shell reports a foreground child killed by SIGTERM, as under Linux.
        expect(r).toEqual({
          status: 0, timedOut: false, stderr: 'Terminated\n',
          stdout: `BusyBox\nnested one\nnested=5\ntwo deep\nkilled nested=143\nchild INT\nchild=6\nmachine=${MACHINE[arch]}\n`,
        });
      }, TIMEOUT_MS);

      test('ps, pidof, /proc/<pid> and kill by pid see the guest processes', async () => {
        const r = await sh('nodemu', arch, debArch, `
sleep 30 & p=$!
sh -c 'sleep 31; :' 2>/dev/null & q=$!
i=0; until cat /proc/[0-9]*/cmdline 2>/dev/null | tr '\\0' ' ' | grep -q 'sleep 31 ' || [ $i -ge 100 ]; do sleep 0.1; i=$((i+1)); done
ps -o pid,ppid,args > list
while read pid ppid args; do
  case "$args" in "sleep 30") [ $pid = $p ] && [ $ppid = $$ ] && echo "ps: sleep 30, child of the shell";;
    "sleep 31") [ $ppid = $q ] && echo "ps: sleep 31, child of the nested sh" && n=$pid;; esac
done < list
pidof sleep | tr ' ' '\\n' | grep -qx $p && echo "pidof finds it"
echo "comm=$(cat /proc/$p/comm) cmdline=$(tr '\\0' ' ' < /proc/$p/cmdline)"
echo "exe=$(basename $(readlink /proc/$p/exe))"
grep -E '^(Name|State|PPid):' /proc/$p/status | sed "s/$$/<sh>/"
ls /proc 2>/dev/null | grep -qx $p && echo "listed in /proc" # (host processes may vanish meanwhile)
kill -STOP $p; sleep 0.2; grep '^State' /proc/$p/status; kill -CONT $p
kill $p $n; wait
[ -e /proc/$p/stat ] || echo "gone after wait"
`);
        expect(r).toEqual({
          status: 0, timedOut: false, stderr: '',
          stdout: 'ps: sleep 30, child of the shell\nps: sleep 31, child of the nested sh\npidof finds it\n' +
            'comm=sleep cmdline=sleep 30 \nexe=busybox\nName:\tsleep\nState:\tS (sleeping)\nPPid:\t<sh>\n' +
            'listed in /proc\nState:\tT (stopped)\ngone after wait\n',
        });
      }, TIMEOUT_MS);

      test('a #! script executed directly: interpreter through -L, then the host', async () => {
        // `#!/bin/busybox sh` exists in the prefix (guest busybox); the prefix has no
        // bin/sh, so `#!/bin/sh` falls back to the host's shell, as a kernel with the
        // prefix as a root overlay would.
        const r = await sh('nodemu', arch, debArch, `
printf '#!/bin/busybox sh\\necho "guest script $1 $(uname -m)"\\nexit 9\\n' > g.sh
printf '#!/bin/sh\\necho "host script $1 $(uname -m)"\\n' > h.sh
printf 'echo "no shebang $1"\\n' > n.sh
chmod +x g.sh h.sh n.sh
./g.sh arg; echo "g=$?"
./h.sh arg
./n.sh arg
`, { prefix: true });
        expect(r).toEqual({
          status: 0, timedOut: false, stderr: '',
          stdout: `guest script arg ${MACHINE[arch]}\ng=9\nhost script arg ${os.machine()}\nno shebang arg\n`,
        });
      }, TIMEOUT_MS);
    });

    if (arch !== 'aarch64') return; // host programs do not depend on the guest architecture
    describe('host-native programs in guest pipelines (nodemu only)', () => {
      test('pipes both ways, status, signals, environment and cwd', async () => {
        const r = await sh('nodemu', arch, debArch, `
/bin/echo hi | tr a-z A-Z
printf 'x\\ny\\nz\\n' | /usr/bin/sort -r | /usr/bin/tr a-z A-Z | cat
/bin/false; echo "false=$?"
/bin/sh -c 'kill -TERM $$'; echo "host killed=$?"
cd /tmp && /bin/pwd; cd - >/dev/null
FOO=1 /usr/bin/env | grep '^FOO='
/bin/cat <<EOF
heredoc to host $((6*7))
EOF
/bin/ls /nonexistent-dir 2>&1 | wc -l
seq 20000 | /usr/bin/wc -l
/usr/bin/seq 20000 | tail -1
/usr/bin/yes | head -2
{ /bin/sleep 5 & kill $!; wait $!; echo "host bg killed=$?"; } 2>/dev/null # the report is timing-dependent
x=$(/bin/echo substituted); echo "$x"
/bin/echo to-file > out; /bin/cat out
`);
        // "Terminated" for the killed foreground host sh; none for yes (SIGPIPE).
        expect(r).toEqual({
          status: 0, timedOut: false, stderr: 'Terminated\n',
          stdout: 'HI\nZ\nY\nX\nfalse=1\nhost killed=143\n/tmp\nFOO=1\nheredoc to host 42\n1\n20000\n20000\ny\ny\n' +
            'host bg killed=143\nsubstituted\nto-file\n',
        });
      }, TIMEOUT_MS);
    });
  });
}
