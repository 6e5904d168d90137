#!/usr/bin/env node
import { runDemo } from '../demo';

// The README's first command ends here (through tooling/demo.mjs): exit 0 only when every source that ran
// resolved and the OSS round trip matched.
const result = await runDemo({ stdout: process.stdout, env: process.env });
process.exitCode = result.ok ? 0 : 1;
