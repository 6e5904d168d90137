import { mergeConfig } from 'vitest/config';
import { vitestPreset } from '../vitest.preset';

// One file at a time: the fault matrix checks time bounds and open handles, and the soak measures the heap;
// neither should share the two cores with the fuzzer or esbuild.
export default mergeConfig(vitestPreset(), { test: { fileParallelism: false } });
