import { preset } from '../../tooling/tsup.preset';

// Node-only app: no edge build; the CLI is a separate bin entry.
export default preset({ edge: false, bins: ['src/bin/cli.ts'] });
