// The viewer page (/): the show on the whole window. ?mode=webgl or ?mode=jpeg forces a mode; auto picks.
import { startViewer } from './viewer.js';

startViewer(document.getElementById('viewer'), { mode: new URLSearchParams(location.search).get('mode') ?? 'auto' });
