// `npm run server`: environment -> config -> start; SIGINT/SIGTERM store everything and exit.
//
// Environment: HANDLEBOOK_HOST (127.0.0.1), HANDLEBOOK_PORT (8787), HANDLEBOOK_DATA_DIR
// (.handlebook-server), HANDLEBOOK_ADMIN_TOKEN (generated into the data dir when unset),
// HANDLEBOOK_ALLOWED_ORIGINS (comma-separated; default: any extension origin),
// DATABASE_URL (postgres://...; default: embedded PGlite), REDIS_URL (redis://...; for
// several instances).
import { configFromEnv } from './config';
import { startTeamServer } from './index';

const log = (line: string) => console.log(`[handlebook-server] ${line}`);

async function main() {
  const { config, adminTokenSource } = configFromEnv(process.env, process.cwd(), log);
  const server = await startTeamServer(config);

  // Where the admin token is and how to use it; never the token itself.
  const from = adminTokenSource.from;
  if (from === 'env') {
    log('admin token: HANDLEBOOK_ADMIN_TOKEN');
  } else {
    log(`admin token: ${from.created ? 'generated into' : 'read from'} ${from.file} (mode 0600)`);
    log(
      `  use it as: curl -H "Authorization: Bearer $(cat ${from.file})" -H 'Content-Type: application/json' -d '{"name":"Support"}' ${server.url}/admin/teams`,
    );
    if (config.redisUrl) log('  with several instances, give them all the same HANDLEBOOK_ADMIN_TOKEN');
  }

  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      log(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    log(`${signal}: storing documents and stopping`);
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log(`error: stop failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

main().catch((error: unknown) => {
  log(`error: could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
