#!/usr/bin/env node
// `npx guards <command>`: the package's command line, run from the built library (lib/, npm run build:lib).
'use strict';

const [command, ...args] = process.argv.slice(2);
const usage = 'usage: guards replay --config <guards.yaml> --event <event.json>\n';

if (command === 'replay') {
  const { runReplay } = require('../lib/scripts/replay/replay-command.js');
  process.exitCode = runReplay(args, 'guards replay');
} else {
  process.stderr.write(command === undefined ? usage : `guards: unknown command ${command}\n${usage}`);
  process.exitCode = 2;
}
