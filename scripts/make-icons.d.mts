export function png(size: number): Buffer;
export function ico(images: { size: number; data: Buffer }[]): Buffer;
export function icns(images: { type: string; data: Buffer }[]): Buffer;
