"""The names, trove classifiers and URLs people write instead of SPDX licence ids.

Reference data for :mod:`lodestar.catalog.licences` (``spdx_for_name``, ``spdx_for_classifier``,
``spdx_for_url``): free-text names ("Apache 2.0", "The Apache Software License, Version 2.0"),
``License ::`` classifiers whose last part is not such a name, and well-known licence URLs, each
mapped to an SPDX id or one of Lodestar's LicenseRefs. Names are compared loosely (case,
punctuation, "version", "the" … do not count), so each spelling is listed once.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["ALIASES", "CLASSIFIERS", "PROPRIETARY", "PUBLIC_DOMAIN", "URLS"]

PROPRIETARY = "LicenseRef-Proprietary"
PUBLIC_DOMAIN = "LicenseRef-Public-Domain"

ALIASES: Mapping[str, tuple[str, ...]] = {
    "MIT": ("MIT License", "The MIT License (MIT)", "MIT/X11", "Expat", "MIT Expat", "MIT-style"),
    "MIT-0": ("MIT No Attribution", "MIT No Attribution License"),
    "0BSD": ("BSD Zero Clause", "Zero-Clause BSD", "0-clause BSD"),
    "ISC": ("ISC License", "ISCL", "ISC License (ISCL)"),
    "Apache-2.0": (
        "Apache", "Apache License", "Apache 2", "Apache2", "Apache v2", "Apache License v2",
        "Apache License 2.0", "Apache License, Version 2.0", "Apache Software License",
        "The Apache Software License, Version 2.0", "Apache Software License 2.0", "ASL 2.0",
        "ASF 2.0", "AL 2.0", "AL2", "ALv2", "Apache Public License 2.0",
    ),
    "Apache-1.1": ("Apache 1.1", "Apache Software License 1.1", "Apache License 1.1"),
    "BSD-2-Clause": (
        "BSD 2-Clause", "BSD-2", "2-clause BSD", "Simplified BSD", "Simplified BSD License",
        "FreeBSD", "FreeBSD License", "BSD 2-Clause License",
    ),
    "BSD-3-Clause": (
        "BSD 3-Clause", "BSD-3", "3-clause BSD", "New BSD", "New BSD License",
        "Modified BSD", "Modified BSD License", "Revised BSD", "Revised BSD License",
        "BSD 3-Clause License", "Eclipse Distribution License 1.0", "EDL 1.0",
    ),
    "BSD-4-Clause": ("BSD 4-Clause", "Original BSD", "4-clause BSD"),
    "GPL-2.0-only": (
        "GPLv2", "GPL v2", "GPL 2", "GNU GPL v2", "GNU GPLv2", "GNU General Public License v2",
        "GNU General Public License, version 2", "GNU General Public License version 2",
        "GNU General Public License v2 (GPLv2)",
    ),
    "GPL-2.0-or-later": (
        "GPLv2+", "GPL v2+", "GPL 2+", "GPLv2 or later", "GPL v2 or later", "GPL 2 or later",
        "GNU GPL v2 or later", "GNU General Public License v2 or later",
        "GNU General Public License v2 or later (GPLv2+)",
    ),
    "GPL-3.0-only": (
        "GPLv3", "GPL v3", "GPL 3", "GNU GPL v3", "GNU GPLv3", "GNU General Public License v3",
        "GNU General Public License, version 3", "GNU General Public License version 3",
        "GNU General Public License v3 (GPLv3)",
    ),
    "GPL-3.0-or-later": (
        "GPLv3+", "GPL v3+", "GPL 3+", "GPLv3 or later", "GPL v3 or later", "GPL 3 or later",
        "GNU GPL v3 or later", "GNU General Public License v3 or later",
        "GNU General Public License v3 or later (GPLv3+)",
    ),
    "LGPL-2.0-only": ("LGPLv2", "LGPL v2", "LGPL 2", "GNU Lesser General Public License v2"),
    "LGPL-2.0-or-later": ("LGPLv2+", "LGPL v2+", "LGPL 2 or later", "LGPLv2 or later"),
    "LGPL-2.1-only": (
        "LGPLv2.1", "LGPL v2.1", "LGPL 2.1", "GNU LGPL v2.1", "GNU LGPLv2.1",
        "GNU Lesser General Public License v2.1", "GNU Lesser General Public License, version 2.1",
    ),
    "LGPL-2.1-or-later": ("LGPLv2.1+", "LGPL v2.1+", "LGPL 2.1+", "LGPL 2.1 or later"),
    "LGPL-3.0-only": (
        "LGPLv3", "LGPL v3", "LGPL 3", "GNU LGPL v3", "GNU LGPLv3",
        "GNU Lesser General Public License v3", "GNU Lesser General Public License, version 3",
        "GNU Lesser General Public License v3 (LGPLv3)",
    ),
    "LGPL-3.0-or-later": (
        "LGPLv3+", "LGPL v3+", "LGPL 3+", "LGPLv3 or later", "LGPL 3 or later",
        "GNU Lesser General Public License v3 or later (LGPLv3+)",
    ),
    "AGPL-3.0-only": (
        "AGPLv3", "AGPL v3", "AGPL 3", "GNU AGPL v3", "GNU AGPLv3", "Affero GPL 3",
        "GNU Affero General Public License v3", "GNU Affero General Public License v3.0",
    ),
    "AGPL-3.0-or-later": (
        "AGPLv3+", "AGPL v3+", "AGPL 3+", "AGPLv3 or later", "AGPL 3 or later",
        "GNU Affero General Public License v3 or later (AGPLv3+)",
    ),
    "MPL-1.1": ("MPL 1.1", "Mozilla Public License 1.1", "Mozilla Public License Version 1.1"),
    "MPL-2.0": (
        "MPL 2", "MPL2", "MPL 2.0", "Mozilla Public License 2.0",
        "Mozilla Public License, Version 2.0", "Mozilla Public License Version 2.0",
    ),
    "EPL-1.0": (
        "EPL 1.0", "EPL v1.0", "Eclipse Public License 1.0", "Eclipse Public License - v 1.0",
        "Eclipse Public License v1.0", "Eclipse Public License - Version 1.0",
    ),
    "EPL-2.0": (
        "EPL 2.0", "EPL v2.0", "Eclipse Public License 2.0", "Eclipse Public License - v 2.0",
        "Eclipse Public License v2.0", "Eclipse Public License - Version 2.0",
    ),
    "CDDL-1.0": (
        "CDDL", "CDDL 1.0", "CDDL v1.0", "Common Development and Distribution License",
        "Common Development and Distribution License 1.0",
        "COMMON DEVELOPMENT AND DISTRIBUTION LICENSE (CDDL) Version 1.0",
    ),
    "CDDL-1.1": ("CDDL 1.1", "CDDL v1.1", "Common Development and Distribution License 1.1"),
    "BSL-1.0": ("Boost", "Boost License", "Boost Software License", "Boost Software License 1.0"),
    "Unlicense": ("The Unlicense", "Unlicense", "Public Domain (Unlicense)"),
    "CC0-1.0": (
        "CC0", "CC0 1.0", "CC0 1.0 Universal", "Creative Commons Zero",
        "CC0 1.0 Universal (CC0 1.0) Public Domain Dedication",
    ),
    "Zlib": ("zlib", "zlib License", "zlib/libpng", "zlib/libpng License"),
    "WTFPL": ("Do What The F*ck You Want To Public License", "WTFPL v2"),
    "PSF-2.0": (
        "PSF", "PSFL", "PSF License", "Python Software Foundation License",
        "Python Software Foundation License 2.0", "PSF-2",
    ),
    "Python-2.0": ("Python License", "Python License 2.0"),
    "Artistic-2.0": ("Artistic 2.0", "Artistic License 2.0", "Artistic License, Version 2.0"),
    "Ruby": ("Ruby License",),
    "EUPL-1.1": ("EUPL 1.1", "EUPL v1.1", "European Union Public Licence 1.1"),
    "EUPL-1.2": (
        "EUPL 1.2", "EUPL v1.2", "European Union Public Licence 1.2",
        "European Union Public License 1.2",
    ),
    "UPL-1.0": ("UPL", "Universal Permissive License", "Universal Permissive License 1.0"),
    "BlueOak-1.0.0": ("Blue Oak", "Blue Oak Model License", "Blue Oak Model License 1.0.0"),
    "OFL-1.1": ("OFL", "SIL OFL 1.1", "SIL Open Font License", "SIL Open Font License 1.1"),
    "CC-BY-4.0": ("CC BY 4.0", "Creative Commons Attribution 4.0"),
    "CC-BY-SA-4.0": ("CC BY-SA 4.0", "Creative Commons Attribution-ShareAlike 4.0"),
    "HPND": ("Historical Permission Notice and Disclaimer",),
    "NCSA": ("UIUC", "NCSA License", "University of Illinois/NCSA Open Source License"),
    "PostgreSQL": ("PostgreSQL License",),
    "Elastic-2.0": ("ELv2", "Elastic License 2.0", "Elastic License v2"),
    "SSPL-1.0": ("SSPL", "SSPL v1", "Server Side Public License", "Server Side Public License v1"),
    "BUSL-1.1": ("BSL 1.1", "Business Source License", "Business Source License 1.1"),
    "MulanPSL-2.0": ("Mulan PSL v2", "Mulan Permissive Software License v2"),
    "ZPL-2.1": ("Zope Public License", "ZPL 2.1"),
    "MS-PL": ("Microsoft Public License",),
    "JSON": ("JSON License",),
    PROPRIETARY: (
        "Proprietary", "UNLICENSED", "Commercial", "All rights reserved", "Private",
        "Closed source", "Other/Proprietary License", "Other/Proprietary", "Confidential",
    ),
    PUBLIC_DOMAIN: ("Public Domain", "public-domain", "PD"),
    "LicenseRef-BSD": ("BSD", "BSD License", "BSD-style", "BSD like", "BSD-like"),
    "LicenseRef-GPL": ("GPL", "GNU GPL", "GNU General Public License", "GPL (GNU)"),
    "LicenseRef-LGPL": (
        "LGPL", "GNU LGPL", "GNU Lesser General Public License",
        "GNU Library or Lesser General Public License",
        "GNU Library or Lesser General Public License (LGPL)",
    ),
    "LicenseRef-AGPL": ("AGPL", "GNU AGPL", "GNU Affero General Public License"),
    "LicenseRef-MPL": ("MPL", "Mozilla Public License"),
    "LicenseRef-EPL": ("EPL", "Eclipse Public License"),
    "LicenseRef-Artistic": ("Artistic", "Artistic License", "Perl Artistic License"),
}  # fmt: skip

# Trove classifiers whose last part is not a name the alias table knows.
CLASSIFIERS: Mapping[str, str] = {
    "License :: OSI Approved :: Apache Software License": "Apache-2.0",
    "License :: OSI Approved :: BSD License": "LicenseRef-BSD",
    "License :: OSI Approved :: Python Software Foundation License": "PSF-2.0",
    "License :: OSI Approved :: Zope Public License": "ZPL-2.1",
    "License :: Public Domain": PUBLIC_DOMAIN,
    "License :: Other/Proprietary License": PROPRIETARY,
    "License :: OSI Approved :: GNU Library or Lesser General Public License (LGPL)": (
        "LicenseRef-LGPL"
    ),
    "License :: OSI Approved :: GNU General Public License (GPL)": "LicenseRef-GPL",
    "License :: OSI Approved :: GNU Lesser General Public License v2 (LGPLv2)": "LGPL-2.0-only",
    "License :: OSI Approved :: GNU Lesser General Public License v2 or later (LGPLv2+)": (
        "LGPL-2.0-or-later"
    ),
}

URLS: Mapping[str, str] = {
    "apache.org/licenses/license-2.0": "Apache-2.0",
    "opensource.org/licenses/apache2.0": "Apache-2.0",
    "opensource.org/licenses/mit-license": "MIT",
    "opensource.org/licenses/bsd-license": "LicenseRef-BSD",
    "opensource.org/licenses/isc-license": "ISC",
    "eclipse.org/legal/epl-v10": "EPL-1.0",
    "eclipse.org/legal/epl-v20": "EPL-2.0",
    "eclipse.org/legal/epl-2.0": "EPL-2.0",
    "eclipse.org/org/documents/edl-v10": "BSD-3-Clause",
    "mozilla.org/mpl/2.0": "MPL-2.0",
    "mozilla.org/en-us/mpl/2.0": "MPL-2.0",
    "mozilla.org/mpl/mpl-1.1": "MPL-1.1",
    "gnu.org/licenses/gpl-3.0": "GPL-3.0-only",
    "gnu.org/licenses/gpl-2.0": "GPL-2.0-only",
    "gnu.org/licenses/old-licenses/gpl-2.0": "GPL-2.0-only",
    "gnu.org/licenses/lgpl-3.0": "LGPL-3.0-only",
    "gnu.org/licenses/lgpl-2.1": "LGPL-2.1-only",
    "gnu.org/licenses/old-licenses/lgpl-2.1": "LGPL-2.1-only",
    "gnu.org/licenses/agpl-3.0": "AGPL-3.0-only",
    "gnu.org/licenses/gpl": "LicenseRef-GPL",
    "gnu.org/licenses/lgpl": "LicenseRef-LGPL",
    "creativecommons.org/publicdomain/zero/1.0": "CC0-1.0",
    "creativecommons.org/licenses/by/4.0": "CC-BY-4.0",
    "creativecommons.org/licenses/by-sa/4.0": "CC-BY-SA-4.0",
    "unlicense.org": "Unlicense",
    "boost.org/license_1_0": "BSL-1.0",
    "json.org/license": "JSON",
    "oss.oracle.com/licenses/upl": "UPL-1.0",
    "glassfish.dev.java.net/public/cddlv1.0": "CDDL-1.0",
    "opensource.org/licenses/cddl1": "CDDL-1.0",
}
