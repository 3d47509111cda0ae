/** The `llmlb` command line (commander): `llmlb serve [--host] [--port] [--data-dir] [--no-discovery] [--log-level]`. */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fail, runServe } from './serve.js';
import { LOG_LEVEL_SETTINGS, parseLogLevelSetting, type LogLevelSetting } from './logging/levels.js';
import { packageRoot } from './util/paths.js';

const { version } = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };

function parsePort(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be an integer between 0 and 65535');
  const n = Number(value);
  if (n > 65535) throw new InvalidArgumentError('must be an integer between 0 and 65535');
  return n;
}

function parseHost(value: string): string {
  if (!value.trim() || /[\s/]/.test(value)) throw new InvalidArgumentError('must be an IP address or host name');
  return value.trim();
}

/** Parses `--log-level`; commander turns the error into one line on stderr and exit 2. */
function parseLogLevel(value: string): LogLevelSetting {
  const level = parseLogLevelSetting(value);
  if (!level) throw new InvalidArgumentError(`must be one of ${LOG_LEVEL_SETTINGS.join(', ')}`);
  return level;
}

/** Builds the program. */
export function buildProgram(): Command {
  const program = new Command('llmlb')
    .description('Desktop LLM load balancer: one local OpenAI/Ollama-compatible URL for all your model servers')
    .version(version)
    .exitOverride()
    .configureOutput({ writeErr: () => undefined });
  program
    .command('serve')
    .description('run the headless gateway and web dashboard')
    .option('--host <host>', 'address to bind', parseHost, '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 picks a free one)', parsePort, 32768)
    .option('--data-dir <dir>', 'data directory (default: $LLMLB_DATA_DIR or ~/.llmlb)')
    .option('--no-discovery', 'do not probe for local model servers')
    .option('--log-level <level>', `log level: ${LOG_LEVEL_SETTINGS.join(', ')} (default: $LLMLB_LOG_LEVEL or info)`, parseLogLevel)
    .action(async (opts: { host: string; port: number; dataDir?: string; discovery: boolean; logLevel?: LogLevelSetting }) => {
      await runServe({ host: opts.host, port: opts.port, dataDir: opts.dataDir, discovery: opts.discovery, logLevel: opts.logLevel });
    });
  return program;
}

async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') process.exit(0);
      fail(e.message.replace(/^error: /, ''));
    }
    throw e;
  }
}

void main(process.argv);
