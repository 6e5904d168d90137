import { vitestPreset } from '../vitest.preset';

export default vitestPreset();
