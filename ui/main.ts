// The site's entry: registering the shell registers every view it routes to.
import './components/lb-app.ts';
