"""The services directory: the service model (HSDS / Open Referral UK aligned), browsing,
opening hours and review dates. ``model`` holds the data; this package re-exports it."""

from spotter.directory.model import (
    DIRECTORY_FORMAT as DIRECTORY_FORMAT,
)
from spotter.directory.model import (
    HELPLINE_ID as HELPLINE_ID,
)
from spotter.directory.model import (
    HELPLINE_NUMBER as HELPLINE_NUMBER,
)
from spotter.directory.model import (
    PHONE_TYPES as PHONE_TYPES,
)
from spotter.directory.model import (
    RETIRED_NUMBERS as RETIRED_NUMBERS,
)
from spotter.directory.model import (
    Directory as Directory,
)
from spotter.directory.model import (
    DirectoryError as DirectoryError,
)
from spotter.directory.model import (
    Organisation as Organisation,
)
from spotter.directory.model import (
    Phone as Phone,
)
from spotter.directory.model import (
    Schedule as Schedule,
)
from spotter.directory.model import (
    Scope as Scope,
)
from spotter.directory.model import (
    Service as Service,
)
from spotter.directory.model import (
    Status as Status,
)
from spotter.directory.model import (
    all_phone_numbers as all_phone_numbers,
)
from spotter.directory.model import (
    ascii_digits as ascii_digits,
)
from spotter.directory.model import (
    bundled_directory_path as bundled_directory_path,
)
from spotter.directory.model import (
    directory_from_json as directory_from_json,
)
from spotter.directory.model import (
    directory_to_json as directory_to_json,
)
from spotter.directory.model import (
    is_retired_number as is_retired_number,
)
from spotter.directory.model import (
    load_bundled_directory as load_bundled_directory,
)
from spotter.directory.model import (
    load_directory_file as load_directory_file,
)
from spotter.directory.model import (
    normalise_number as normalise_number,
)
from spotter.directory.model import (
    organisation_from_json as organisation_from_json,
)
from spotter.directory.model import (
    organisation_to_json as organisation_to_json,
)
from spotter.directory.model import (
    service_from_json as service_from_json,
)
from spotter.directory.model import (
    service_to_json as service_to_json,
)
