// Images in the terminal: PNG answers of the box as data URLs (the CSP allows `data:` images, not `blob:`), uploads as PNG.
import { ApiError } from './api.ts';

function blobToDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error ?? new Error('cannot read the image'));
    reader.readAsDataURL(blob);
  });
}

/** POSTs JSON and returns the PNG the box answers as a data URL; failures arrive as ApiError with the box's code. */
export async function fetchPng(path: string, json: unknown, signal?: AbortSignal): Promise<string> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(json), credentials: 'same-origin', ...(signal ? { signal } : {}),
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError('BOX_UNREACHABLE', 'The box cannot be reached. Check the network cable or Wi-Fi.', 0);
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string; details?: unknown } } | null;
    throw new ApiError(body?.error?.code ?? `HTTP_${response.status}`, body?.error?.message ?? response.statusText, response.status, body?.error?.details ?? null);
  }
  return blobToDataUrl(await response.blob());
}

/** The largest logo width kept: an 80 mm printer prints 576 dots a line. */
export const LOGO_MAX_WIDTH = 576;

/**
 * Reads any image the browser can decode (PNG, JPEG, WebP…), scales it down to fit the paper, flattens transparency
 * onto white, and returns it as base64 PNG, the only logo format the box stores.
 */
export async function imageFileToPngBase64(file: File): Promise<string> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new Error(`"${file.name}" is not an image this screen can read; choose a PNG or JPEG`);
  }
  const scale = Math.min(1, LOGO_MAX_WIDTH / bitmap.width, 400 / bitmap.height);
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#fff';
  context.fillRect(0, 0, width, height);
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  return canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
}
