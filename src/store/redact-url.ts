/** A URL fit for logs and banners: the password replaced by `***`. */
export function redactUrl(text: string): string {
  try {
    const u = new URL(text);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return text.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
  }
}
