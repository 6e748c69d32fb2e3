@echo off
rem Step 2 of balanced class placement: after the roster confirmation sheets are
rem signed and the supervisors have rolled the seed, make the sealed groups.
rem bianban.exe asks for the seed and prints every message; this file only starts
rem it here, keeps the window open and passes on its exit status.
setlocal
cd /d "%~dp0"
"%~dp0bianban.exe" group
set BIANBAN_STATUS=%ERRORLEVEL%
echo.
pause
exit /b %BIANBAN_STATUS%
