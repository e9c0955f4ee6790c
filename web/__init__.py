"""Server-rendered pages for people: sign-in, dashboard, search, company and letter pages."""
