# Hostile step scripts for the sandbox suite: each attack tries something a step must not be
# able to do and records what happened in /opt/ml/processing/output/report/report.json.
import ctypes, json, os, socket, stat, subprocess, sys

OUT = '/opt/ml/processing/output/report'
attack = sys.argv[1]
canaries = json.loads(os.environ.get('CANARY_PATHS', '{}'))
report = {}


def attempt(name, fn):
    try:
        report[name] = {'ok': True, 'value': fn()}
    except BaseException as e:  # noqa: BLE001 - every failure is the expected outcome
        report[name] = {'ok': False, 'error': repr(e)[:300]}


def read(path):
    with open(path, 'rb') as f:
        return f.read(200).decode('latin-1')


def write(path):
    with open(path, 'w') as f:
        f.write('escaped')
    return path


if attack == 'privileges':
    report['uid'] = os.getuid()
    report['caps'] = [l.strip() for l in open('/proc/self/status') if l.startswith('Cap')]
    attempt('remount', lambda: subprocess.run(['mount', '-o', 'remount,rw', '/'], check=True, capture_output=True).returncode)
    attempt('write_usr_after_remount', lambda: write('/usr/sagewire-escape'))
    attempt('nested_userns_remount', lambda: subprocess.run(
        ['unshare', '-Urm', 'sh', '-c', 'mount -o remount,rw / && echo escaped > /usr/sagewire-escape'],
        check=True, capture_output=True).returncode)
    attempt('mknod', lambda: os.mknod('/opt/ml/processing/output/report/null', stat.S_IFCHR | 0o666, os.makedev(1, 3)))
    attempt('chroot', lambda: os.chroot('/tmp'))
    attempt('tmpfs_mount', lambda: subprocess.run(['mount', '-t', 'tmpfs', 'x', '/tmp'], check=True, capture_output=True).returncode)
    attempt('setuid_0', lambda: os.setuid(0))
    attempt('write_root', lambda: write('/root/sagewire-escape'))
    attempt('write_dev', lambda: write('/dev/sagewire-escape'))
    libc = ctypes.CDLL(None, use_errno=True)
    attempt('unshare_user', lambda: (_ for _ in ()).throw(OSError(ctypes.get_errno(), 'unshare')) if libc.unshare(0x10000000) != 0 else 'unshared')
elif attack == 'secrets':
    for name, path in canaries.items():
        attempt(name, lambda p=path: read(p))
    attempt('shadow', lambda: read('/etc/shadow'))
    attempt('home_listing', lambda: os.listdir(os.path.expanduser('~')))
    attempt('root_listing', lambda: os.listdir('/root'))
    attempt('run_listing', lambda: os.listdir('/run'))
    attempt('tmp_listing', lambda: os.listdir('/tmp'))
    report['env'] = dict(os.environ)
elif attack == 'sockets':
    def connect(addr):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(2)
        s.connect(addr)
        s.sendall(b'escaped')
        return 'connected'
    for name, path in canaries.items():
        attempt(name, lambda p=path: connect(p))
    attempt('abstract', lambda: connect('\0' + os.environ['ABSTRACT_NAME']))
    def tcp():
        s = socket.create_connection(('127.0.0.1', int(os.environ['TCP_PORT'])), timeout=2)
        s.sendall(b'GET / HTTP/1.0\r\n\r\n')
        return 'connected'
    attempt('tcp', tcp)
    attempt('registrar_store_write', lambda: write(os.path.join(os.environ.get('SAGEWIRE_LOCAL_STORE', '/nonexistent'), 'escape')))
elif attack == 'fork_bomb':
    children = 0
    try:
        while children < 100000:
            pid = os.fork()
            if pid == 0:
                import time
                time.sleep(20)
                os._exit(0)
            children += 1
    except OSError as e:
        report['stopped_by'] = repr(e)
    report['children'] = children
    os.killpg(0, 9) if False else None
elif attack == 'disk_filler':
    block = b'x' * (1 << 20)
    def fill(path, limit_mb):
        n = 0
        with open(path, 'wb') as f:
            while n < limit_mb:
                f.write(block)
                f.flush()
                n += 1
        return n
    import signal
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    attempt('big_file', lambda: fill('/opt/ml/processing/output/report/big.bin', 64))
    os.remove('/opt/ml/processing/output/report/big.bin') if os.path.exists('/opt/ml/processing/output/report/big.bin') else None
    attempt('tmp_fill', lambda: fill('/tmp/fill.bin', 64))
    attempt('shm_fill', lambda: fill('/dev/shm/fill.bin', 64))
elif attack == 'spread_filler':
    # Many files, each under RLIMIT_FSIZE: only a bound on the folder's total stops this.
    block = b'x' * (1 << 20)
    for i in range(512):
        with open(os.path.join(OUT, f'part-{i:04d}.bin'), 'wb') as f:
            f.write(block)
    report['written_mb'] = 512
elif attack == 'link_output':
    # Replace the output folder by a link to a host folder (the runner would upload its files).
    out = '/opt/ml/processing/output/report'
    os.rmdir(out)
    os.symlink(canaries['host_dir'], out)
elif attack == 'link_entry':
    os.symlink(canaries['host_key'], os.path.join(OUT, 'key.pem'))
elif attack == 'link_parent':
    # Replace a parent of the output folder: /opt/ml/processing/output -> host folder.
    import shutil
    shutil.rmtree('/opt/ml/processing/output')
    os.symlink(canaries['host_dir'], '/opt/ml/processing/output')

if attack not in ('link_output', 'link_parent'):
    with open(os.path.join(OUT, 'report.json'), 'w') as f:
        json.dump(report, f)
