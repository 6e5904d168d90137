// Starts the service: `PORT=8080 node dist/main.js` after a build, or run it with your TypeScript runner.
import { createWhoamiServer } from './server';

const port = Number(process.env.PORT ?? 8080);
createWhoamiServer().listen(port, '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${port}`);
});
