// Preloaded with `node --require` by scripts/bench.js where /usr/bin/time is missing: appends this
// process's peak RSS (KiB) to $BENCH_RSS_FILE on exit, so the bench can report the largest process.
const fs = require('node:fs');

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      fs.appendFileSync(file, `${process.resourceUsage().maxRSS}\n`);
    } catch {
      // best effort: a missing figure is reported as n/a
    }
  });
}
