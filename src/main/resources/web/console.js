// The console's only script besides htmx: dialogs, and "+" / "-" for table rows and times.
// No inline script anywhere (the Content-Security-Policy allows scripts from this server only).
document.addEventListener('click', (e) => {
  const t = e.target.closest('button');
  if (!t) return;
  if (t.dataset.open) document.getElementById(t.dataset.open).showModal();
  if (t.dataset.close) document.getElementById(t.dataset.close).close();
  if (t.dataset.add) {
    const tpl = document.getElementById(t.dataset.add + '-template');
    document.getElementById(t.dataset.add).appendChild(tpl.content.cloneNode(true));
  }
  if (t.hasAttribute('data-remove-row')) t.closest('tr').remove();
});
