// A server component: it renders the client component below on the server (at build time),
// which imports wirestore there; the browser then hydrates it and opens the socket.
import { Chat } from './Chat.jsx';

export default function Page() {
  return <Chat />;
}
