import './styles/base.css';

/**
 * Boots the renderer. The app is loaded dynamically so that a missing API (page opened without the server's token,
 * no Electron bridge) is shown as a message instead of a blank page.
 */
async function boot(): Promise<void> {
  const root = document.getElementById('app');
  if (!root) throw new Error('index.html has no #app element');
  try {
    const { mountApp } = await import('./mount-app');
    mountApp(root);
  } catch (error) {
    const message = document.createElement('p');
    message.className = 'boot-error';
    message.setAttribute('role', 'alert');
    message.textContent = `Cannot start the workstation: ${error instanceof Error ? error.message : String(error)}`;
    root.replaceChildren(message);
  }
}

void boot();
