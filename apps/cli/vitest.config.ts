import { mergeConfig } from 'vitest/config';
import { vitestPreset } from '../../tooling/vitest.preset';

// The global setup bundles the bin from source for the child-process tests (test/bin.test.ts).
export default mergeConfig(vitestPreset(), { test: { globalSetup: ['test/global-setup.ts'] } });
