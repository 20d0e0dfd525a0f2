"""Contains all the data models used in inputs/outputs"""

from .liveness import Liveness
from .me_response import MeResponse
from .problem import Problem
from .problem_field_error import ProblemFieldError
from .readiness import Readiness
from .readiness_checks import ReadinessChecks
from .user_response import UserResponse
from .user_response_role import UserResponseRole

__all__ = (
    "Liveness",
    "MeResponse",
    "Problem",
    "ProblemFieldError",
    "Readiness",
    "ReadinessChecks",
    "UserResponse",
    "UserResponseRole",
)
