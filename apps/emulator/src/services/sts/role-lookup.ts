import type { EmulatorState, RoleConfig } from '../../types';

/**
 * The role a credential-serving endpoint (IMDS, credentials URI) hands out: the configured role with that ARN,
 * or, when the ARN is not among `roles`, a role of that ARN trusted by nobody (only these services issue it).
 */
export function roleForArn(state: EmulatorState, arn: string | undefined, fallbackName: string): RoleConfig {
  const account = state.config.accounts[0]?.accountId ?? '1000000000000000';
  const wanted = arn ?? `acs:ram::${account}:role/${fallbackName}`;
  return (
    state.config.roles.find((r) => r.arn.toLowerCase() === wanted.toLowerCase()) ?? {
      arn: wanted,
      maxSessionDuration: 43200,
      trustedPrincipals: [],
    }
  );
}
