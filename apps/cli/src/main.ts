import { consoleLogger, isDebugEnabled } from '@alicred/core';
import { describeError, exitCodeOf, usageError } from './cli-error';
import { credentialsCommand } from './commands/credentials';
import { doctorCommand } from './commands/doctor';
import { presignCommand } from './commands/presign';
import { serveCommand } from './commands/serve';
import { whoamiCommand } from './commands/whoami';
import { ExitCode } from './exit-codes';
import type { CliContext } from './io';
import { styleFor } from './terminal';
import { CLI_VERSION } from './version';

/** `alicred --help`. */
export const MAIN_HELP = `Usage: alicred <command> [options]

Alibaba Cloud credentials from the default chain (environment, OIDC, aliyun CLI profile, credentials
file, ECS metadata, credentials URI), for shells, scripts and local tools.

Commands:
  credentials   print credentials (env, json, ini, powershell, process) for eval or another program
  whoami        STS GetCallerIdentity: account, ARN, identity type, source
  doctor        what each source of the default chain found, which one won, warnings
  presign       a presigned OSS URL: alicred presign oss://bucket/key --region cn-hangzhou
  serve         serve credentials on 127.0.0.1 over the credentials-URI protocol, with a token

Options:
  -h, --help     this help (\`alicred <command> --help\` for a command's options)
  -V, --version  the version

Exit codes: 0 ok, 1 usage, 2 no credentials, 3 remote error.
Environment: NO_COLOR disables colours; ALICRED_DEBUG=1 logs what the sources do.
`;

type Command = (argv: string[], ctx: CliContext) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  credentials: credentialsCommand,
  whoami: whoamiCommand,
  doctor: doctorCommand,
  presign: presignCommand,
  serve: serveCommand,
};

/**
 * Runs `alicred <argv>` and resolves with the exit code; never throws. Errors go to `ctx.stderr` as
 * `alicred: <what went wrong>` plus what to do.
 */
export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  const [first, ...rest] = argv;
  try {
    if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
      ctx.stdout.write(MAIN_HELP);
      return first === undefined ? ExitCode.Usage : ExitCode.Ok;
    }
    if (first === '--version' || first === '-V') {
      ctx.stdout.write(`alicred ${CLI_VERSION}\n`);
      return ExitCode.Ok;
    }
    const command = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
    if (!command) throw usageError(`unknown command "${first.slice(0, 40)}": use one of ${Object.keys(COMMANDS).join(', ')}.`);
    return await command(rest, ctx);
  } catch (error) {
    const style = styleFor(ctx.stderr, ctx.env);
    const [message, ...hints] = describeError(error);
    ctx.stderr.write(`${style.red('alicred:')} ${message}\n${hints.map((h) => `  ${h}\n`).join('')}`);
    if (isDebugEnabled(ctx.env) && error instanceof Error && error.stack) consoleLogger.debug(error.stack);
    return exitCodeOf(error);
  }
}
