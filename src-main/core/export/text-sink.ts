import { createWriteStream, openSync, renameSync, rmSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * Buffered text output to a temporary file that replaces the target only when complete, so a failed or cancelled
 * export never leaves half a file under the user's chosen name.
 */
export class TextSink {
  private readonly tmp: string;
  private readonly out: WriteStream;
  private buffer: string[] = [];
  private size = 0;

  constructor(private readonly target: string) {
    this.tmp = `${target}.partial-${process.pid}`;
    // Opened synchronously so that abort() can never race the file's creation.
    this.out = createWriteStream('', { fd: openSync(this.tmp, 'w'), encoding: 'utf8' });
  }

  async write(text: string): Promise<void> {
    this.buffer.push(text);
    this.size += text.length;
    if (this.size > 1 << 20) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const ok = this.out.write(this.buffer.join(''));
    this.buffer = [];
    this.size = 0;
    if (!ok) await once(this.out, 'drain');
  }

  async commit(): Promise<void> {
    await this.flush();
    this.out.end();
    await once(this.out, 'finish');
    renameSync(this.tmp, this.target);
  }

  abort(): void {
    this.out.destroy();
    rmSync(this.tmp, { force: true });
  }
}
