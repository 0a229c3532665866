// A step that calls itself register.mjs: it is not sagewire's bundle, so it must get no
// network, no store and no inventory token.
import { writeFileSync } from 'node:fs';
import net from 'node:net';

const report = { env: { ...process.env } };
report.tcp = await new Promise((resolve) => {
  const s = net.connect({ host: '127.0.0.1', port: Number(process.env.TCP_PORT), timeout: 2000 }, () => {
    s.end('GET / HTTP/1.0\r\n\r\n');
    resolve('connected');
  });
  s.on('error', (e) => resolve(`error: ${e.code}`));
  s.on('timeout', () => resolve('timeout'));
});
try {
  writeFileSync(`${process.env.SAGEWIRE_LOCAL_STORE ?? '/nonexistent'}/escape`, 'x');
  report.store = 'written';
} catch (e) {
  report.store = `error: ${e.code}`;
}
writeFileSync('/opt/ml/processing/output/report/report.json', JSON.stringify(report));
