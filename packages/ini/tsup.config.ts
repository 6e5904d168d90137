import { preset } from '../../tooling/tsup.preset';

// The optional peers (@alicred/ram-role, oidc, ecs-imds, uri, bearer) are imported lazily; tsup keeps
// declared peers external, so they stay imports in dist.
export default preset();
