"""The storefront's and the BFF's files that routine work does not touch."""

from __future__ import annotations

__all__ = [
    "BFF_DOCKERFILE",
    "BFF_README",
    "STOREFRONT_README",
    "bff_dates",
    "bff_files",
    "storefront_dates",
    "storefront_files",
]

STOREFRONT_README = """# storefront-web

The Northwind web shop: React 18, TypeScript, Vite.

```sh
nvm use
npm ci
npm run dev
```

The API base URL comes from `VITE_API_URL` (defaults to the staging gateway).
"""

BFF_README = """# mobile-bff

Backend-for-frontend of the Northwind iOS and Android apps. Aggregates orders-api, inventory
and loyalty calls into one response per screen.

    yarn install --frozen-lockfile
    yarn dev
"""

BFF_DOCKERFILE = """FROM node:16-alpine
WORKDIR /app
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile --production
COPY src ./src
USER node
EXPOSE 3000
CMD ["node", "src/server.js"]
"""


def storefront_dates(library: str) -> str:
    """src/lib/dates.ts written against moment or date-fns."""
    if library == "moment":
        return (
            "import moment from 'moment';\n\n"
            "export function formatDay(day: Date): string {\n"
            "  return moment(day).format('YYYY-MM-DD');\n"
            "}\n\n"
            "export function deliveryWindow(from: Date, days: number): string {\n"
            "  const start = moment(from);\n"
            "  const end = moment(from).add(days, 'days');\n"
            "  return `${start.format('D MMM')} \u2013 ${end.format('D MMM')}`;\n"
            "}\n"
        )
    return (
        "import { addDays, format } from 'date-fns';\n\n"
        "export function formatDay(day: Date): string {\n"
        "  return format(day, 'yyyy-MM-dd');\n"
        "}\n\n"
        "export function deliveryWindow(from: Date, days: number): string {\n"
        "  return `${format(from, 'd MMM')} \u2013 ${format(addDays(from, days), 'd MMM')}`;\n"
        "}\n"
    )


def bff_dates(library: str) -> str:
    if library == "moment":
        return (
            "'use strict';\n\nconst moment = require('moment');\n\n"
            "function toLocalDay(date) {\n  return moment(date).format('YYYY-MM-DD');\n}\n\n"
            "module.exports = { toLocalDay };\n"
        )
    return (
        "'use strict';\n\nconst { format } = require('date-fns');\n\n"
        "function toLocalDay(date) {\n  return format(date, 'yyyy-MM-dd');\n}\n\n"
        "module.exports = { toLocalDay };\n"
    )


def storefront_files() -> dict[str, str]:
    return {
        "index.html": (
            '<!doctype html>\n<html lang="en">\n  <head>\n'
            '    <meta charset="UTF-8" />\n'
            '    <link rel="icon" type="image/png" href="/favicon.png" />\n'
            '    <meta name="viewport" content="width=device-width, initial-scale=1.0" />\n'
            "    <title>Northwind</title>\n"
            '    <script defer src="/js/nw-beacon.min.js"></script>\n'
            "  </head>\n  <body>\n"
            '    <div id="root"></div>\n'
            '    <script type="module" src="/src/main.tsx"></script>\n'
            "  </body>\n</html>\n"
        ),
        "vite.config.ts": (
            "import { defineConfig } from 'vite';\n"
            "import react from '@vitejs/plugin-react';\n\n"
            "export default defineConfig({\n"
            "  plugins: [react()],\n"
            "  server: { port: 5173, proxy: { '/api': 'http://localhost:8080' } },\n"
            "  build: { sourcemap: true },\n"
            "});\n"
        ),
        "tsconfig.json": (
            "{\n"
            '  "compilerOptions": {\n'
            '    "target": "ES2020",\n'
            '    "lib": ["ES2020", "DOM", "DOM.Iterable"],\n'
            '    "module": "ESNext",\n'
            '    "moduleResolution": "bundler",\n'
            '    "jsx": "react-jsx",\n'
            '    "strict": true,\n'
            '    "noEmit": true,\n'
            '    "skipLibCheck": true\n'
            "  },\n"
            '  "include": ["src"]\n'
            "}\n"
        ),
        "src/main.tsx": (
            "import React from 'react';\n"
            "import ReactDOM from 'react-dom/client';\n"
            "import { BrowserRouter } from 'react-router-dom';\n"
            "import { App } from './App';\n\n"
            "ReactDOM.createRoot(document.getElementById('root')!).render(\n"
            "  <React.StrictMode>\n"
            "    <BrowserRouter>\n"
            "      <App />\n"
            "    </BrowserRouter>\n"
            "  </React.StrictMode>,\n"
            ");\n"
        ),
        "src/App.tsx": (
            "import { Route, Routes } from 'react-router-dom';\n"
            "import logo from './assets/logo.png';\n\n"
            "export function App() {\n"
            "  return (\n"
            '    <div className="shell">\n'
            '      <header>\n        <img src={logo} alt="Northwind" height={32} />\n'
            "      </header>\n"
            "      <Routes>\n"
            '        <Route path="/" element={<p>Welcome to Northwind.</p>} />\n'
            "      </Routes>\n"
            "    </div>\n"
            "  );\n"
            "}\n"
        ),
        "src/api/client.ts": (
            "import axios from 'axios';\n\n"
            "export const api = axios.create({\n"
            "  baseURL: import.meta.env.VITE_API_URL ?? 'https://api.staging.northwind-labs.example',\n"
            "  timeout: 8000,\n"
            "});\n"
        ),
    }


def bff_files() -> dict[str, str]:
    return {
        "src/server.js": (
            "'use strict';\n\n"
            "const express = require('express');\n"
            "const helmet = require('helmet');\n"
            "const cors = require('cors');\n"
            "const mobile = require('./routes/mobile');\n\n"
            "const app = express();\n"
            "app.use(helmet());\n"
            "app.use(cors({ origin: false }));\n"
            "app.use(express.json({ limit: '256kb' }));\n"
            "app.use('/mobile/v1', mobile);\n"
            "app.get('/healthz', (req, res) => res.json({ status: 'ok' }));\n\n"
            "const port = Number(process.env.PORT) || 3000;\n"
            "app.listen(port, () => console.log(`mobile-bff listening on ${port}`));\n"
        ),
        "src/upstream.js": (
            "'use strict';\n\n"
            "const axios = require('axios');\n\n"
            "const upstream = axios.create({\n"
            "  baseURL: process.env.ORDERS_URL || 'http://orders-api.internal:8080',\n"
            "  timeout: 3000,\n"
            "});\n\n"
            "module.exports = { upstream };\n"
        ),
        "test/health.test.js": (
            "const request = require('supertest');\n\n"
            "test('health', async () => {\n"
            "  const app = require('../src/server');\n"
            "  await request(app).get('/healthz').expect(200);\n"
            "});\n"
        ),
    }
