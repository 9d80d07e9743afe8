import { get } from 'svelte/store';
import { client } from './client';
import { openSessionId } from './reasoning-session';

/** The open reasoning session, or a new one named by the time: where a long run (training, rule learning) is recorded. */
export async function sessionForRun(): Promise<number> {
  const open = get(openSessionId);
  if (open !== null) return open;
  const name = `Session ${new Date().toLocaleString('en-GB', { day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit' })}`;
  const created = await client.call('session.create', { name });
  openSessionId.set(created.id);
  return created.id;
}
