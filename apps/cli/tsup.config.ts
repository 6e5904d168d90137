import { preset } from '../../tooling/tsup.preset';

// Node-only app: no edge build. `cli.js` is the `alicred` bin; `demo.js` is what the root `pnpm demo` runs.
export default preset({ edge: false, bins: ['src/bin/cli.ts', 'src/bin/demo.ts'] });
