import type { Options } from 'tsup';
import { preset } from '../../tooling/tsup.preset';

// Optional peers are imported lazily and must stay imports in dist. tsup keeps declared peers external on
// its own; @alicred/ecs-imds is not in the workspace yet, so it cannot be declared (pnpm refuses a missing
// workspace package) and is kept external here instead.
const LAZY_PEERS = ['@alicred/ecs-imds'];

const configs: Options[] = (preset() as Options[]).map((config) => ({ ...config, external: [...(config.external ?? []), ...LAZY_PEERS] }));

export default configs;
