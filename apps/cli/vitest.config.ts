import { vitestPreset } from '../../tooling/vitest.preset';

export default vitestPreset();
