// Starts the real AisLive binary for the browser test and mints tokens with its signing key.
import { spawn, execFileSync } from 'node:child_process';
import { once } from 'node:events';

export class AisLiveServer {
  constructor({ dll, port, settings }) {
    this.dll = dll;
    this.port = port;
    this.settings = settings;
    this.url = `http://127.0.0.1:${port}`;
  }

  env() {
    const env = { ...process.env, Urls: this.url, 'Logging__LogLevel__Microsoft.Hosting.Lifetime': 'Information' };
    for (const [key, value] of Object.entries(this.settings)) env[key.replaceAll(':', '__')] = value;
    return env;
  }

  /** Resolves once Kestrel is listening (by then SIGTERM/SIGKILL semantics are those of a running service). */
  async start() {
    this.process = spawn('dotnet', [this.dll], { env: this.env(), stdio: ['ignore', 'pipe', 'pipe'] });
    this.output = '';
    const listening = new Promise((resolve, reject) => {
      const onData = (chunk) => {
        this.output += chunk;
        if (this.output.includes('Now listening on:')) resolve();
      };
      this.process.stdout.on('data', onData);
      this.process.stderr.on('data', onData);
      this.process.once('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${this.output}`)));
    });
    let timer;
    const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`server not listening within 60 s:\n${this.output}`)), 60000); });
    try {
      await Promise.race([listening, timeout]);
    } finally {
      clearTimeout(timer); // or the pending timer keeps the test process alive for a minute
    }
  }

  async kill() {
    const exited = once(this.process, 'exit');
    this.process.kill('SIGKILL');
    await exited;
  }

  /** SIGSTOP: the process freezes with its connections open, as behind a stuck proxy or a dead mobile link. */
  freeze() { this.process.kill('SIGSTOP'); }

  thaw() { this.process.kill('SIGCONT'); }

  async stop() {
    if (this.process?.exitCode === null) {
      const exited = once(this.process, 'exit');
      this.process.kill('SIGTERM');
      await exited;
    }
  }

  token(sub, role, minutes = 60) {
    return execFileSync('dotnet', [this.dll, 'token', '--sub', sub, '--role', role, '--minutes', String(minutes)], { env: this.env() }).toString().trim();
  }
}
