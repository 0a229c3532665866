import { describe, expect, it } from 'vitest';
import { LocalRunError } from '../errors.js';
import { callerIsRoot, DEFAULT_LIMITS, DEFAULT_SANDBOX_ID, ownScriptContract, prepareInvocation, runsRegistrationScript } from './sandbox.js';

const base = { step: 'Package', mlDir: '/work/run/Package/ml', env: { PATH: '/usr/bin', X: '/opt/ml/processing/input/x' }, network: false, writable: [] };

describe('sandbox', () => {
  it("recognises sagewire's own script bundles run by node", () => {
    expect(ownScriptContract(['node', '/opt/ml/processing/input/code/package.mjs'])?.entryPoint).toBe('package.mjs');
    expect(ownScriptContract(['python3', '/opt/ml/processing/input/code/package.mjs'])).toBeUndefined();
    expect(ownScriptContract(['node', '/opt/ml/processing/input/code/mine.mjs'])).toBeUndefined();
    expect(runsRegistrationScript(['node', '/opt/ml/processing/input/code/register.mjs'])).toBe(true);
    expect(runsRegistrationScript(['node', '/opt/ml/processing/input/code/package.mjs'])).toBe(false);
  });

  it('bwrap: /opt/ml is the step folder, no network, the rest read-only, limits applied, host data hidden', () => {
    const p = prepareInvocation({ ...base, command: ['node', '/opt/ml/processing/input/code/package.mjs'], hide: ['/usr/share'] }, 'bwrap');
    expect(p.file).toBe('prlimit');
    const a = p.args.join(' ');
    expect(a).toMatch(/^--nproc=\d+ --fsize=\d+ --as=\d+ --core=0 -- bwrap /);
    expect(Number(/--nproc=(\d+)/.exec(a)![1])).toBeGreaterThanOrEqual(512);
    // Of the host's root only the system folders, on a root that ends read-only.
    expect(a).not.toContain('--ro-bind / /');
    expect(a).toContain('--ro-bind /usr /usr');
    expect(a).toContain('--ro-bind /etc /etc');
    for (const d of ['/var', '/srv', '/work', '/run', '/opt', '/home']) expect(a).not.toContain(`--ro-bind ${d} `);
    expect(a).toMatch(/--remount-ro \/ --die-with-parent/);
    expect(a).toContain('--bind /work/run/Package/ml /opt/ml');
    expect(a).toContain('--unshare-net');
    expect(a).toContain('--unshare-ipc --unshare-uts --unshare-cgroup-try --unshare-pid');
    expect(a).toContain(`--perms 1777 --size ${DEFAULT_LIMITS.tmpBytes} --tmpfs /tmp`);
    expect(a).toContain('--tmpfs /usr/share');
    expect(a).toContain('--remount-ro /usr/share');
    expect(a).toContain('--die-with-parent');
    if (callerIsRoot()) {
      expect(a).toContain('--cap-drop ALL --cap-add CAP_SETUID --cap-add CAP_SETGID --cap-add CAP_SETPCAP');
      expect(a).toContain(`-- setpriv --reuid=${DEFAULT_SANDBOX_ID} --regid=${DEFAULT_SANDBOX_ID} --clear-groups --inh-caps=-all --bounding-set=-all --no-new-privs -- node`);
    } else {
      expect(a).toContain('--unshare-user --disable-userns --cap-drop ALL');
    }
    expect(a.endsWith('node /opt/ml/processing/input/code/package.mjs')).toBe(true);
    const net = prepareInvocation({ ...base, network: true, writable: [{ source: '/tmp', dest: '/store' }], command: ['node', 'x.mjs'] }, 'bwrap');
    expect(net.args).not.toContain('--unshare-net');
    expect(net.args.join(' ')).toContain('--bind /tmp /store');
    const raised = prepareInvocation({ ...base, command: ['true'] }, 'bwrap', { limits: { processes: 9000, tmpBytes: 5 } });
    expect(Number(/--nproc=(\d+)/.exec(raised.args.join(" "))![1])).toBeGreaterThanOrEqual(9000);
    expect(raised.args.join(' ')).toContain('--size 5 --tmpfs /tmp');
  });

  it('direct: own scripts get host paths through SAGEWIRE_PATHS; foreign scripts are refused', () => {
    const p = prepareInvocation({ ...base, command: ['node', '/opt/ml/processing/input/code/package.mjs', '--flag'] }, 'none');
    expect(p.file).toBe(process.execPath);
    expect(p.args).toEqual(['/work/run/Package/ml/processing/input/code/package.mjs', '--flag']);
    expect(JSON.parse(p.env.SAGEWIRE_PATHS!)).toMatchObject({
      model_input: '/work/run/Package/ml/processing/input/model',
      packaged_model_output: '/work/run/Package/ml/processing/output',
    });
    expect(p.env.X).toBe('/work/run/Package/ml/processing/input/x');
    expect(() => prepareInvocation({ ...base, command: ['python3', '/opt/ml/processing/input/code/x.py'] }, 'none')).toThrow(LocalRunError);
  });
});
