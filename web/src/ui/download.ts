/**
 * Downloads with a single-use ticket submitted in a form POST: the browser streams the answer
 * (an attachment) to disk, and no token ever enters a URL, a history entry or a log.
 */
export function downloadWithTicket(action: string, ticket: string): void {
  const form = document.createElement('form');
  form.method = 'POST';
  form.action = action;
  form.hidden = true;
  const field = document.createElement('input');
  field.type = 'hidden';
  field.name = 'ticket';
  field.value = ticket;
  form.append(field);
  document.body.append(form);
  form.submit();
  form.remove();
}
