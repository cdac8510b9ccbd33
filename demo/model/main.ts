/** Runs the demo model service: `npx tsx demo/model/main.ts` (env: PORT, BASELINE_DIR, ES_URL, ES_INDEX, INFERENCE_DELAY_MS). */
import { configFromEnvironment, createModelServer } from './service';

async function main(): Promise<void> {
  const server = await createModelServer(configFromEnvironment());
  const port = await server.listen(Number(process.env.PORT ?? 8000), process.env.HOST ?? '0.0.0.0');
  console.log(`demo model listening on :${port}`);
  const stop = (): void => void server.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: Error) => {
  console.error(`demo model failed to start: ${error.message}`);
  process.exit(1);
});
