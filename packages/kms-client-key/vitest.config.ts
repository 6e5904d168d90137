import { mergeConfig } from 'vitest/config';
import { vitestPreset } from '../../tooling/vitest.preset';

// test/setup.ts makes any request to a non-loopback host fail, so a test that forgets to point the
// endpoint at the emulator can never reach a real KMS gateway.
export default mergeConfig(vitestPreset(), { test: { setupFiles: ['./test/setup.ts'] } });
