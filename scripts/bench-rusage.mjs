// Preloaded (NODE_OPTIONS) into every process of a `npm run bench:synth` run, workers included:
// at exit each one writes its CPU time and peak memory to stderr, where the bench adds them up.
// Loaded by path so that it measures any checkout (--baseline) without a change to its code.
import { writeSync } from 'node:fs';
import process from 'node:process';

process.once('exit', () => {
  const usage = process.resourceUsage();
  writeSync(2, `\nbench-rusage pid=${process.pid} user_us=${usage.userCPUTime} system_us=${usage.systemCPUTime} max_rss_kb=${usage.maxRSS}\n`);
});
