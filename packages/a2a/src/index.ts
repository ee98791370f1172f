// @lode/a2a's public surface: the server side (serveA2A) and the client side (a2aAgent).
