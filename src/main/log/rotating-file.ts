import fs from 'node:fs';
import path from 'node:path';

/**
 * A log file that rotates by size: when a write would take `file` past `maxBytes`, it becomes
 * `<name>.1.log` (the older ones move up, the oldest beyond `keep` is deleted) and a new file starts.
 * Writes are synchronous appends of one line: the app logs failures, not traffic.
 */
export class RotatingFile {
  private fd: number | null = null;
  private size = 0;

  constructor(
    readonly file: string,
    private readonly maxBytes: number,
    private readonly keep: number,
  ) {
    if (maxBytes < 1024) throw new Error('maxBytes must be at least 1024');
    if (keep < 1) throw new Error('keep must be at least 1');
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  }

  private rotated(n: number): string {
    const ext = path.extname(this.file);
    return `${this.file.slice(0, this.file.length - ext.length)}.${n}${ext}`;
  }

  private open(): number {
    if (this.fd === null) {
      this.fd = fs.openSync(this.file, 'a', 0o600);
      this.size = fs.fstatSync(this.fd).size;
    }
    return this.fd;
  }

  private rotate(): void {
    this.close();
    fs.rmSync(this.rotated(this.keep), { force: true });
    for (let n = this.keep - 1; n >= 1; n--) if (fs.existsSync(this.rotated(n))) fs.renameSync(this.rotated(n), this.rotated(n + 1));
    fs.renameSync(this.file, this.rotated(1));
  }

  write(line: string): void {
    const bytes = Buffer.from(line, 'utf8');
    this.open();
    if (this.size > 0 && this.size + bytes.length > this.maxBytes) this.rotate();
    const fd = this.open();
    fs.writeSync(fd, bytes);
    this.size += bytes.length;
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }
}
