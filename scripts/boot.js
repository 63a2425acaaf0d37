#!/usr/bin/env node
// `npm run boot [-- --env ENV ...]`: bundles src/boot/main.ts and runs it as root inside new network, mount and
// PID namespaces (util-linux `unshare`). Everything the boot creates (pod processes, network namespaces, the
// bridge, nftables rules, tmpfs mounts) lives in those namespaces and is gone when the run ends, even when
// it is killed.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.join(__dirname, '..');
if (process.getuid && process.getuid() !== 0) {
  console.error('boot: needs root (network namespaces, mounts, setpriv to the pods\' users); run it in CI or under sudo');
  process.exit(2);
}
const missing = ['unshare', 'nsenter', 'setpriv', 'ip', 'nft', 'haproxy', 'varnishd', 'redis-server', 'rabbitmq-server', 'mariadbd', 'php-fpm8.2', 'apache2', 'nginx', 'prometheus', 'amqp-publish', 'socat', 'openssl']
  .filter((p) => spawnSync('sh', ['-c', `command -v ${p} || test -x /usr/sbin/${p}`], { stdio: 'ignore' }).status !== 0);
if (missing.length) {
  console.error(`boot: missing programs: ${missing.join(', ')} (see the apt-get line in .ci/run)`);
  process.exit(2);
}
const outfile = path.join(root, '.build', 'boot.js');
esbuild.buildSync({ entryPoints: [path.join(root, 'src/boot/main.ts')], bundle: true, platform: 'node', target: 'node20', outfile, logLevel: 'warning' });
fs.mkdirSync(path.join(root, '.build', 'boot-logs'), { recursive: true });
const result = spawnSync('unshare', ['--net', '--mount', '--propagation', 'private', '--pid', '--fork', '--kill-child', '--mount-proc', '--',
  'sh', '-c', 'mkdir -p /run/netns && mount -t tmpfs -o mode=0755 netns /run/netns && exec "$@"', 'boot', process.execPath, outfile, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, SHIPYARD_BOOT_ISOLATED: '1' },
});
process.exit(result.status ?? 1);
