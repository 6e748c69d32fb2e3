@echo off
rem Step 1 of balanced class placement: check the student rosters and write the
rem roster confirmation sheets for signing. bianban.exe prints every message and
rem finds the rosters and the settings file in this folder; this file only starts
rem it here, keeps the window open and passes on its exit status.
setlocal
cd /d "%~dp0"
"%~dp0bianban.exe" check
set BIANBAN_STATUS=%ERRORLEVEL%
echo.
pause
exit /b %BIANBAN_STATUS%
